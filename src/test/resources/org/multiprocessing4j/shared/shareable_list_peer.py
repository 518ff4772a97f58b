"""CPython's side of ShareableListInteropTest.

attach NAME: attaches to the list Java made, prints it and its format, then changes items.
create NAME: makes a list, prints "ready", waits for a line on stdin (Java has changed items
by then), prints the list and unlinks it.
"""
import sys
from multiprocessing import resource_tracker
from multiprocessing.shared_memory import ShareableList

mode, name = sys.argv[1], sys.argv[2]
if mode == "attach":
    sl = ShareableList(name=name)
    # CPython up to 3.12 unlinks at exit every segment it attached to; the creator owns this one.
    resource_tracker.unregister(sl.shm._name, "shared_memory")
    print(list(sl))
    print(sl.format)
    sl[0] = -7
    sl[1] = "wörld"
    sl[2] = None
    sl[3] = b"py"
    sl[4] = 0.25
    sl[5] = False
    try:
        sl[6] = "far too long for its storage"
    except ValueError as e:
        print(e)
    sl.shm.close()
elif mode == "create":
    sl = ShareableList([10, "from python", 3.5, True, None, b"\x01\x02", "x" * 20], name=name)
    print("ready", flush=True)
    sys.stdin.readline()
    print(list(sl))
    print(sl.format)
    sl.shm.close()
    sl.shm.unlink()
