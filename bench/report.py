#!/usr/bin/env python3
"""Joins the JSON of the Java harness and of reference_workloads.py into one table.

Both sides print {"name": {"value": x, "unit": "..."}}. One row per Java workload (and one for
the JDK 25 run), beside the CPython workload of the same name; the ratio is Java / CPython.
Prints a plain-text table and writes the same table as Markdown.
"""
import argparse, json

# CPython figures shown beside a workload besides its namesake (other start methods).
COMPANIONS = {
    "spawn_start_join": [("fork", "fork_start_join"), ("forkserver", "forkserver_start_join")],
    "child_first_message": [("spawn", "child_first_message_spawn"), ("fork", "child_first_message_fork")],
    "child_exit_join": [("forkserver", "child_exit_join_forkserver"), ("spawn", "child_exit_join_spawn")],
}
# The namesake's label when there are companions.
LABELS = {"spawn_start_join": "spawn", "child_first_message": "forkserver", "child_exit_join": "fork"}
LOWER_IS_BETTER = {"s", "ms", "us", "ns"}
HIGHER_IS_BETTER = {"MiB/s", "msgs/s", "tasks/s", "x speedup"}


def fmt(v):
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.2f}"


def row(label, name, java, cpython):
    unit = java["unit"]
    ref = cpython.get(name)
    if ref is None:
        return [label, fmt(java["value"]), "-", unit, "-", "", ""]
    if ref["unit"] != unit:
        raise SystemExit(f"{name}: Java reports {unit}, CPython {ref['unit']}")
    if unit in LOWER_IS_BETTER:
        better = "lower"
    elif unit in HIGHER_IS_BETTER:
        better = "higher"
    else:
        raise SystemExit(f"{name}: unknown unit {unit!r}: add it to report.py")
    ratio = java["value"] / ref["value"]
    faster = ratio < 1 if better == "lower" else ratio > 1
    factor = max(ratio, 1 / ratio)
    verdict = f"Java {factor:.2f}x {'faster' if faster else 'slower'}"
    ref_text = fmt(ref["value"])
    ratio_text = f"{ratio:.2f}"
    if name in COMPANIONS:
        ref_text = f"{LABELS[name]} {ref_text}" + "".join(
            f", {label} {fmt(cpython[other]['value'])}"
            for label, other in COMPANIONS[name] if other in cpython)
        ratio_text += f" (vs {LABELS[name]})"
    return [label, fmt(java["value"]), ref_text, unit, ratio_text, better, verdict]


HEADER = ["workload", "Java", "CPython", "unit", "Java/CPython", "better", "result"]
RIGHT = {1, 2, 4}  # right-aligned columns


def text_table(rows):
    widths = [max(len(r[i]) for r in [HEADER] + rows) for i in range(len(HEADER))]
    def line(r):
        return "  ".join(c.rjust(w) if i in RIGHT else c.ljust(w)
                         for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    return "\n".join([line(HEADER), line(["-" * w for w in widths])] + [line(r) for r in rows])


def markdown_table(rows):
    align = ["---:" if i in RIGHT else ":---" for i in range(len(HEADER))]
    return "\n".join("| " + " | ".join(r) + " |" for r in [HEADER, align] + rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--java", required=True)
    ap.add_argument("--java25")
    ap.add_argument("--java-fresh", help="spawn_start_join with spare JVMs turned off")
    ap.add_argument("--java-jdk", help="the object workloads with JDK serialization in place of the standard serializer")
    ap.add_argument("--cpython", required=True)
    ap.add_argument("--machine", action="append", default=[])
    ap.add_argument("--markdown")
    args = ap.parse_args()
    load = lambda path: json.load(open(path))
    java, cpython = load(args.java), load(args.cpython)
    java25 = load(args.java25) if args.java25 else {}
    fresh = load(args.java_fresh) if args.java_fresh else {}
    jdk = load(args.java_jdk) if args.java_jdk else {}
    rows = []
    for name, result in java.items():
        rows.append(row(name, name, result, cpython))
        if name in fresh:
            rows.append(row(f"{name} (no spare JVMs)", name, fresh[name], cpython))
        if name in java25:
            rows.append(row(f"{name} (JDK 25)", name, java25[name], cpython))
        if name in jdk:
            rows.append(row(f"{name} (JDK serialization)", name, jdk[name], cpython))
    print(text_table(rows))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("".join(f"- {m}\n" for m in args.machine) + "\n" + markdown_table(rows) + "\n")
        print(f"\nMarkdown: {args.markdown}")


if __name__ == "__main__":
    main()
