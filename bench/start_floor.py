#!/usr/bin/env python3
"""The floor of a back-to-back start on this machine, without the library: how fast bare JVMs
(an empty main, with the options and the class-data archive the library gives its children) can
be started and ended one after another, and with as many booting at once as there are
processors and one more (what spare JVMs booted ahead can at best reach), beside CPython's
forkserver spawn_start_join in the same run; and the processor time of one such JVM divided by
the processors, below which no child that is a JVM of its own can come, whatever a library does
around it.

    python3 bench/start_floor.py [rounds]     # default 3 rounds of 40 JVMs per setting

Environment: JAVA (default: java), JAVAC (default: javac), START_FLOOR_DIR (where the empty
class, its jar and archive go; default bench/out/floor).
"""
import concurrent.futures, json, os, pathlib, resource, shutil, statistics, subprocess, sys, time

JAVA = os.environ.get("JAVA", "java")
JAVAC = os.environ.get("JAVAC", "javac")
BENCH = pathlib.Path(__file__).parent
OUT = pathlib.Path(os.environ.get("START_FLOOR_DIR", BENCH / "out" / "floor"))
COUNT = 40
# What ChildLauncher.command puts before the class path of every child.
CHILD_OPTIONS = ["-XX:+DisableAttachMechanism", "-XX:-UsePerfData", "-Xrs", "-Xshare:auto"]


def build():
    """An empty main class and a class-data archive of its run, as the library records one."""
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    (OUT / "Empty.java").write_text("public class Empty { public static void main(String[] a) { } }\n")
    subprocess.run([JAVAC, "-d", str(OUT / "classes"), str(OUT / "Empty.java")], check=True)
    # A jar: the JVM archives classes of jars only, not of directories.
    jar = pathlib.Path(JAVAC).with_name("jar") if os.sep in JAVAC else "jar"
    subprocess.run([str(jar), "cf", str(OUT / "empty.jar"), "-C", str(OUT / "classes"), "."], check=True)
    subprocess.run([JAVA, "-XX:ArchiveClassesAtExit=" + str(OUT / "empty.jsa"), "-cp", str(OUT / "empty.jar"),
                    "Empty"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def one_jvm():
    subprocess.run([JAVA, *CHILD_OPTIONS, "-XX:SharedArchiveFile=" + str(OUT / "empty.jsa"),
                    "-cp", str(OUT / "empty.jar"), "Empty"], check=True)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bare_jvms(at_once):
    """ms of wall time and of processor time per JVM, COUNT JVMs, at_once of them at a time."""
    cpu = children_cpu()
    t = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(at_once) as pool:
        list(pool.map(lambda _: one_jvm(), range(COUNT)))
    wall = time.perf_counter() - t
    return wall * 1e3 / COUNT, (children_cpu() - cpu) * 1e3 / COUNT


def forkserver_start_join():
    """CPython's figure as the benchmark measures it: reference_workloads.py as __main__."""
    out = subprocess.run([sys.executable, str(BENCH / "reference_workloads.py"), "--json", "--only",
                          "forkserver_start_join"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["forkserver_start_join"]["value"]


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cores = os.cpu_count()
    version = subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    print(f"nproc: {cores}; java: {version}; python: {sys.version.split()[0]}", flush=True)
    build()
    one_jvm()
    rows = {1: [], cores: [], cores + 1: []}
    forkserver = []
    for _ in range(rounds):
        for at_once in rows:
            rows[at_once].append(bare_jvms(at_once))
        forkserver.append(forkserver_start_join())
    fs = statistics.median(forkserver)
    print(f"CPython forkserver spawn_start_join, back to back: {min(forkserver):.1f}-{max(forkserver):.1f} ms")
    for at_once, runs in rows.items():
        walls = [w for w, _ in runs]
        cpus = [c for _, c in runs]
        print(f"empty JVM main, {at_once} at a time: {min(walls):.1f}-{max(walls):.1f} ms a JVM "
              f"({statistics.median(walls) / fs:.2f}x forkserver), "
              f"{min(cpus):.1f}-{max(cpus):.1f} ms of processor time a JVM")
    cpu = statistics.median(c for runs in rows.values() for _, c in runs)
    print(f"processor time of one empty JVM over {cores} processors: {cpu / cores:.1f} ms "
          f"({cpu / cores / fs:.2f}x forkserver), before the parent's and the child's own work")


if __name__ == "__main__":
    main()
