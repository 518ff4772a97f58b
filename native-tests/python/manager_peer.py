"""CPython's side of the manager interop tests (ManagerInteropTest, native-tests/test_cpython_managers.sh).

  manager_peer.py client HOST:PORT KEY
      A CPython SyncManager connects to a Java manager server and uses dict, list, Namespace,
      Queue, Value, Lock and Event, and the server's registered typeid get_board (a dict the
      Java side reads afterwards). Prints one "ok <what>" line per type, then "client done".
  manager_peer.py serve HOST:PORT KEY ADDRESS_FILE
      CPython's remote manager example: a SyncManager subclass that registers get_queue, served
      until a client sends shutdown. Writes "host:port" to ADDRESS_FILE once it listens.
  manager_peer.py hostile HOST:PORT KEY
      Sends requests naming os.system and a class of its own to a manager: prints each reply's
      kind and whether it names the refused global.
  manager_peer.py stop HOST:PORT KEY
      Sends shutdown to the manager at HOST:PORT, as CPython's remote-manager docs do.
"""
import datetime
import queue
import sys
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


def client(address, key):
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
    print("client done")


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
    if mode == "client":
        client(sys.argv[2], sys.argv[3].encode())
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
