"""CPython's side of the manager interop tests (ManagerInteropTest, native-tests/test_cpython_managers.sh).

  manager_peer.py client HOST:PORT KEY
      A CPython SyncManager connects to a Java manager server and uses dict, list, Namespace,
      Queue, Value, Lock and Event, and the server's registered typeid get_board (a dict the
      Java side reads afterwards); then list slices, Array, the _getvalue() copies, Pool
      (refused), RLock, Semaphore, BoundedSemaphore, Condition and Barrier, each checked against
      what CPython's own objects do; where the board holds "cond", with a Java process on the
      other side (with_java): the board's "lock" it holds, "cond" waited on and notified by either
      side, "barrier" both wait at. Prints one "ok <what>" line per part, then "client done".
  manager_peer.py client-core HOST:PORT KEY
      The same up to get_board only (each created object costs a CPython client a connection
      or two, tens of milliseconds).
  manager_peer.py serve HOST:PORT KEY ADDRESS_FILE
      CPython's remote manager example: a SyncManager subclass that registers get_queue, served
      until a client sends shutdown. Writes "host:port" to ADDRESS_FILE once it listens.
  manager_peer.py hostile HOST:PORT KEY
      Sends requests naming os.system and a class of its own to a manager: prints each reply's
      kind and whether it names the refused global.
  manager_peer.py stop HOST:PORT KEY
      Sends shutdown to the manager at HOST:PORT, as CPython's remote-manager docs do.
"""
import array
import datetime
import queue
import re
import sys
import threading
import time
from multiprocessing import managers
from multiprocessing.managers import DictProxy, RemoteError, SyncManager


def address_of(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


class BoardManager(SyncManager):
    pass


BoardManager.register("get_board", proxytype=DictProxy)


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def client(address, key, core_only=False):
    m = BoardManager(address=address_of(address), authkey=key)
    m.connect()

    d = m.dict({"a": 1})
    d["b"] = 2
    mixed = [None, True, False, -7, 2 ** 100, -(2 ** 70), 1.5, "é€😀", b"\x00\xff", (1, "t"), [2, [3]], {"k": 1}, {4, 5}]
    d[3] = mixed
    check(d[3] == mixed, "mixed values round trip: %r" % (d[3],))
    check(d["a"] == 1 and d.get("zz") is None and len(d) == 3 and "b" in d, "dict basics")
    check(sorted(map(str, d.keys())) == ["3", "a", "b"], "keys: %r" % (d.keys(),))
    check(sorted(map(str, list(d))) == ["3", "a", "b"], "iteration through an Iterator proxy")
    try:
        d["missing"]
        raise AssertionError("no KeyError")
    except KeyError as e:
        check(e.args == ("missing",), "KeyError args: %r" % (e.args,))
    try:
        d["when"] = datetime.date(2020, 1, 2)
        raise AssertionError("a date was accepted")
    except RemoteError as e:
        check("datetime" in str(e), "refusal names the class: %s" % e)
    print("ok dict")

    lst = m.list([1, 2])
    lst.append("x")
    lst.extend([3.5])
    lst[0] = 10
    check(lst._getvalue() == [10, 2, "x", 3.5] and lst[-1] == 3.5 and len(lst) == 4, "list: %r" % (lst._getvalue(),))
    try:
        lst[99]
        raise AssertionError("no IndexError")
    except IndexError:
        pass
    print("ok list")

    # A proxy inside a request and inside a reply (RebuildProxy): the received one connects with
    # the process's authkey, as CPython's proxies do.
    import multiprocessing
    multiprocessing.current_process().authkey = key
    holder = m.list()
    inner = m.dict({"deep": 1})
    holder.append(inner)
    got = holder[0]
    got["deep"] = 2
    check(inner["deep"] == 2 and got._token.id == inner._token.id, "a nested proxy shares its object")
    print("ok nested proxy")

    ns = m.Namespace(x=1)
    ns.y = "two"
    check(ns.x == 1 and ns.y == "two", "namespace")
    del ns.x
    try:
        ns.x
        raise AssertionError("no AttributeError")
    except AttributeError:
        pass
    print("ok Namespace")

    q = m.Queue()
    q.put(1)
    q.put("two")
    check(q.get() == 1 and q.qsize() == 1 and q.get(timeout=5) == "two", "queue")
    q.put(None)
    check(q.get() is None, "None through a queue")
    for empty in (lambda: q.get(timeout=0.1), q.get_nowait, lambda: q.get(False)):
        try:
            empty()
            raise AssertionError("no queue.Empty")
        except queue.Empty:
            pass
    print("ok Queue")

    v = m.Value("i", 5)
    v.value += 1
    check(v.value == 6, "value")
    print("ok Value")

    lock = m.Lock()
    check(lock.acquire(), "acquire")
    check(not lock.acquire(False), "acquire(False) of a held lock")
    lock.release()
    with lock:
        pass
    try:
        lock.release()
        raise AssertionError("released an unlocked lock")
    except RuntimeError:
        pass
    print("ok Lock")

    ev = m.Event()
    check(not ev.is_set(), "event clear")
    ev.set()
    check(ev.is_set() and ev.wait(1), "event set")
    ev.clear()
    check(not ev.wait(0.1), "event wait times out")
    print("ok Event")

    board = m.get_board()
    board["from python"] = [1, 2 ** 80, "three"]
    check(board["from java"] == {"n": 1, "t": [1, 2]}, "board from Java: %r" % (board["from java"],))
    print("ok get_board")

    if not core_only:
        slices(m)
        arrays(m)
        copies(m)
        pool(m)
        primitives(m)
        if "cond" in board:  # a Java process waits on the other side (ManagerInteropTest)
            with_java(board)
    print("client done")


def same_outcome(proxied, local, what, message=True):
    """Runs an operation on a proxy and on a local object: the same result, or the same exception."""
    outcomes = []
    for f in (proxied, local):
        try:
            outcomes.append(("ok", f()))
        except Exception as e:
            outcomes.append((type(e).__name__, str(e) if message else "..."))
    check(outcomes[0] == outcomes[1], "%s: proxy %r, Python %r" % (what, outcomes[0], outcomes[1]))


def slices(m):
    # A CPython manager runs these on a list: the proxy must give what the list gives.
    ref = list(range(10))
    lst = m.list(ref)
    for s in (slice(1, 3), slice(None, None, 2), slice(None, None, -1), slice(-3, None), slice(8, 2, -2),
              slice(100, 200), slice(2 ** 70, None), slice(None, None, 0), slice("a", 2)):
        same_outcome(lambda: lst[s], lambda: ref[s], "l[%r]" % (s,))

    def both(op):
        # The words of some errors changed between CPython versions: their type must match.
        same_outcome(lambda: op(lst), lambda: op(ref), op.__doc__, op is not not_iterable)
        check(lst._getvalue() == ref, "%s: %r, Python %r" % (op.__doc__, lst._getvalue(), ref))

    def assign(l):
        """l[1:3] = ['a', 'b', 'c']"""
        l[1:3] = ["a", "b", "c"]

    def extended(l):
        """l[::3] = 'xyzw'"""
        l[::3] = "xyzw"

    def wrong_size(l):
        """l[::2] = [1]"""
        l[::2] = [1]

    def not_iterable(l):
        """l[1:2] = 5"""
        l[1:2] = 5

    def delete(l):
        """del l[::2]"""
        del l[::2]

    def delete_backwards(l):
        """del l[::-2]"""
        del l[::-2]

    def by_str(l):
        """l['a']"""
        return l["a"]

    for op in (assign, extended, wrong_size, not_iterable, delete, delete_backwards, by_str):
        both(op)
    print("ok slices")


def arrays(m):
    ref = array.array("i", [1, 2, 3])
    a = m.Array("i", [1, 2, 3])
    check(len(a) == 3 and a[1] == 2 and a[-1] == 3, "Array basics")
    a[1] = 7
    ref[1] = 7
    same_outcome(lambda: a[0:2], lambda: ref[0:2], "a[0:2]")
    check(type(a[0:2]) is array.array, "a slice of an Array is an array.array")
    a[0:2] = array.array("i", [5, 6, 4])
    ref[0:2] = array.array("i", [5, 6, 4])
    got = a._getvalue()
    check(type(got) is array.array and got == ref, "Array _getvalue: %r, Python %r" % (got, ref))
    for bad, error in ((lambda: a[9], IndexError), (lambda: a.__setitem__(0, "x"), TypeError),
                       (lambda: a.__setitem__(0, 1.5), TypeError), (lambda: a.__setitem__(0, 2 ** 40), OverflowError),
                       (lambda: a["x"], TypeError)):
        try:
            bad()
            raise AssertionError("no %s" % error.__name__)
        except error:
            pass
    for code, values in (("d", [1.5, 2]), ("Q", [2 ** 63, 1])):
        got = m.Array(code, values)._getvalue()
        check(got == array.array(code, values) and got.typecode == code, "Array(%r): %r" % (code, got))
    print("ok Array")


def copies(m):
    got = m.Value("i", 5)._getvalue()
    check(type(got) is managers.Value and got.value == 5 and got._typecode == "i", "Value copy: %r" % (got,))
    ns = m.Namespace()
    got = ns._getvalue()
    check(type(got) is managers.Namespace and vars(got) == {}, "empty Namespace copy: %r" % (got,))
    ns.x = 1
    ns.y = [2, "three"]
    got = ns._getvalue()
    check(type(got) is managers.Namespace and vars(got) == {"x": 1, "y": [2, "three"]}, "Namespace copy: %r" % (got,))
    print("ok _getvalue")


def pool(m):
    try:
        m.Pool(2)
        raise AssertionError("a Java manager made a Pool for Python functions")
    except NotImplementedError as e:
        check("Python function" in str(e), "the refusal says why: %s" % e)
    check(m._number_of_objects() >= 0, "the manager serves on")
    print("ok Pool refused")


def primitives(m):
    r = m.RLock()
    check(r.acquire() and r.acquire(True, 0.05) and r.acquire(False), "RLock is reentrant")
    for _ in range(3):
        r.release()
    try:
        r.release()
        raise AssertionError("released an RLock not held")
    except RuntimeError:
        pass
    s = m.Semaphore(2)
    check(s.acquire() and s.acquire(timeout=1), "Semaphore(2) twice")
    check(not s.acquire(timeout=0.05) and not s.acquire(False), "a third acquire times out")
    s.release()
    s.release()
    s.release()  # a Semaphore has no bound
    check(re.fullmatch(r"<threading\.Semaphore at 0x[0-9a-f]+: value=3>", str(s)), "repr: %s" % s)
    b = m.BoundedSemaphore(1)
    b.acquire()
    b.release()
    try:
        b.release()
        raise AssertionError("a BoundedSemaphore went past its bound")
    except ValueError as e:
        check(str(e) == "Semaphore released too many times", str(e))
    c = m.Condition()
    for unlocked in (lambda: c.wait(0.05), c.notify):
        try:
            unlocked()
            raise AssertionError("a Condition used without its lock")
        except RuntimeError:
            pass
    with c:
        check(not c.wait(0.05) and c.wait_for(lambda: True, 0.05), "Condition wait times out")
    # A waiter on another connection (a thread of this process) and a notify
    woken = []
    with c:
        t = threading.Thread(target=lambda: woken.append(c.acquire() and c.wait(30)) or c.release())
        t.start()
        time.sleep(0.05)
    while True:
        with c:
            c.notify_all()
        t.join(0.05)
        if not t.is_alive():
            break
    check(woken == [True], "woken: %r" % woken)
    bar = m.Barrier(2, timeout=30)
    check((bar.parties, bar.n_waiting, bar.broken) == (2, 0, False), "Barrier attributes")
    other = []
    t = threading.Thread(target=lambda: other.append(bar.wait()))
    t.start()
    mine = bar.wait()
    t.join()
    check(sorted([mine] + other) == [0, 1], "Barrier indices %r %r" % (mine, other))
    try:
        bar.wait(0.05)
        raise AssertionError("a Barrier of 2 passed with one")
    except threading.BrokenBarrierError:
        pass
    check(bar.broken and bar.n_waiting == 0, "a timed out Barrier is broken, and its party gone")
    check(re.fullmatch(r"<threading\.Barrier at 0x[0-9a-f]+: broken>", str(bar)), "repr: %s" % bar)
    bar.reset()
    check(not bar.broken, "reset mends it")
    print("ok RLock Semaphore BoundedSemaphore Condition Barrier")


def wait_for_key(board, key):
    deadline = time.monotonic() + 30
    while key not in board:
        check(time.monotonic() < deadline, "the Java side never set %r" % key)
        time.sleep(0.01)


def with_java(board):
    """A Java process on the other side of a Lock, a Condition and a Barrier (ManagerInteropTest's javaParty)."""
    lock, cond, bar = board["lock"], board["cond"], board["barrier"]
    check(not lock.acquire(timeout=0.05), "the Java side holds the lock")
    board["tried lock"] = True
    check(lock.acquire(timeout=30), "the Java side released the lock")
    lock.release()
    with cond:
        board["python waits"] = True  # the Java side can take the lock only once this waits
        check(cond.wait(30), "the Java side notified")
    wait_for_key(board, "java waits")
    with cond:  # taken once the Java side waits
        cond.notify()
    check(bar.wait(30) in (0, 1), "a Barrier of a Java and a Python party")
    while bar.n_waiting != 1:  # the Java side waits for the next round
        time.sleep(0.01)
    bar.abort()
    check(bar.broken, "aborted")
    try:
        bar.wait(30)
        raise AssertionError("waited at an aborted Barrier")
    except threading.BrokenBarrierError:
        pass
    print("ok with Java: Lock Condition Barrier")


def serve(address, key, address_file):
    shared = queue.Queue()

    class QueueManager(SyncManager):
        pass

    QueueManager.register("get_queue", callable=lambda: shared)
    m = QueueManager(address=address_of(address), authkey=key)
    server = m.get_server()
    host, port = server.address
    with open(address_file + ".tmp", "w") as f:
        f.write("%s:%d" % (host, port))
    import os
    os.replace(address_file + ".tmp", address_file)
    server.serve_forever()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode in ("client", "client-core"):
        client(sys.argv[2], sys.argv[3].encode(), mode == "client-core")
    elif mode == "hostile":
        import os
        from multiprocessing.connection import Client
        for hostile in (os.system, datetime.timedelta(1)):
            conn = Client(address_of(sys.argv[2]), authkey=sys.argv[3].encode())
            conn.send((None, "dummy", (hostile,), {}))
            kind, text = conn.recv()
            conn.close()
            print(kind, "refused" in text and ("system" in text or "timedelta" in text))
    elif mode == "stop":
        from multiprocessing.connection import Client
        from multiprocessing.managers import dispatch
        conn = Client(address_of(sys.argv[2]), authkey=sys.argv[3].encode())
        dispatch(conn, None, "shutdown")
        conn.close()
        print("stopped")
    elif mode == "serve":
        serve(sys.argv[2], sys.argv[3].encode(), sys.argv[4])
    else:
        sys.exit("unknown mode " + mode)
