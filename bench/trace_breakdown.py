#!/usr/bin/env python3
"""Where a child's time goes, from a -Dmultiprocessing4j.trace=FILE of one benchmark run.

    python3 bench/trace_breakdown.py TRACE [--skip N]

Each line of TRACE is '<nanoTime> <pid> <phase>' (internal/runtime/Trace.java). A child is
followed from the parent's 'start' to its 'joined <pid>': the parent's phases name the child's
pid ('spawned', 'handed', 'started', 'ended', 'joined'); the child's own lines carry its pid.
Prints the median and range, in ms, of each step over the children (the first N skipped, as
the benchmark skips its unmeasured starts).
"""
import argparse, collections, statistics

# The steps, in order: (name, from phase, to phase), the phases of the child's life.
STEPS = [
    ("start() → boot data encoded (parent)", "start", "encoded"),
    ("encoded → handed to a spare / spawned", "encoded", "handed"),
    ("handed → start() returned (parent)", "handed", "started"),
    ("handed → spare read the boot frame", "handed", "frame"),
    ("boot frame → descriptors received", "frame", "handles"),
    ("descriptors → Process decoded", "handles", "decoded"),
    ("decoded → run() called", "decoded", "run"),
    ("run() (the target)", "run", "ran"),
    ("run() returned → non-daemon threads joined", "ran", "threads"),
    ("→ the library's exit tasks run", "threads", "tasks"),
    ("→ standard streams flushed", "tasks", "exit"),
    ("exit work done → process gone (reaper)", "exit", "ended"),
    ("process gone → join() returned", "ended", "joined"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("--skip", type=int, default=0)
    args = ap.parse_args()
    lines = []
    with open(args.trace) as f:
        for line in f:
            parts = line.split(maxsplit=2)
            if len(parts) == 3:
                lines.append((int(parts[0]), int(parts[1]), parts[2].strip()))
    lines.sort()
    own = collections.defaultdict(dict)  # child pid -> phase -> time
    pending_start = {}  # parent pid -> time of its last 'start' and 'encoded'
    order = []
    for t, pid, phase in lines:
        word, _, arg = phase.partition(" ")
        if word in ("start", "encoded"):
            pending_start.setdefault(pid, {})[word] = t
        elif arg.isdigit():
            child = int(arg)
            key = "handed" if word in ("handed", "spawned") else word
            if key == "handed":
                own[child].update(pending_start.pop(pid, {}))
                order.append(child)
            own[child].setdefault(key, t)
        else:
            own[pid].setdefault(word, t)
    children = [c for c in order if "joined" in own[c]][args.skip:]
    print(f"{len(children)} children")
    for name, a, b in STEPS:
        ms = [(own[c][b] - own[c][a]) / 1e6 for c in children if a in own[c] and b in own[c]]
        if ms:
            print(f"{name:45s} {statistics.median(ms):8.2f} ms  ({min(ms):.2f}–{max(ms):.2f}, n={len(ms)})")


if __name__ == "__main__":
    main()
