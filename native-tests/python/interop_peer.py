"""CPython's side of the interop test (see test_cpython_interop.sh).

    interop_peer.py serve ADDRESS KEY ADDRESS_FILE   # Listener: echo every message until EOF
    interop_peer.py connect ADDRESS KEY              # Client: 0 B, 64 B, 3 MiB, each echoed
    interop_peer.py serve-objects ADDRESS KEY ADDRESS_FILE  # Listener: echo every object (recv/send)
    interop_peer.py connect-objects ADDRESS KEY      # Client: send OBJECTS one by one, each echoed equal
    interop_peer.py inherited-objects FD             # Connection(FD): echo every object until EOF

ADDRESS is host:port (TCP) or a path (Unix socket); KEY is the authkey as text. The serving
side writes the bound address to ADDRESS_FILE once it listens. An authentication failure
prints "AuthenticationError: <message>" and exits with 3.
"""
import sys
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Listener

SIZES = (0, 64, 3 << 20)
# One of each type of the Java side's pickle mapping (the Java peer has the same list).
OBJECTS = [None, True, 7, -2**63, 2**70, 1.5, 'h\u00e9llo', b'\x00\xff', (12345, 'hello', [1.5, 2.5]),
           [1, [2, 3]], {'b': 1, 'a': (2,)}, {1, 2}, frozenset({'x'}), bytearray(b'ab')]


def parse(address):
    host, sep, port = address.rpartition(":")
    if sep and port.isdigit() and "/" not in address:
        return (host, int(port))
    return address


def show(address):
    return "%s:%d" % address if isinstance(address, tuple) else address


def serve(address, key, address_file):
    with Listener(parse(address), authkey=key) as listener:
        with open(address_file + ".tmp", "w") as f:
            f.write(show(listener.address))
        import os
        os.rename(address_file + ".tmp", address_file)
        with listener.accept() as conn:
            count = 0
            while True:
                try:
                    message = conn.recv_bytes()
                except EOFError:
                    break
                conn.send_bytes(message)
                count += 1
    print("served %d messages" % count)


def connect(address, key):
    with Client(parse(address), authkey=key) as conn:
        for size in SIZES:
            message = bytes(i * 31 % 251 for i in range(size)) if size < 4096 else b"\x5a" * size
            conn.send_bytes(message)
            echoed = conn.recv_bytes()
            if echoed != message:
                print("echo of %d bytes came back as %d different bytes" % (size, len(echoed)))
                sys.exit(1)
    print("echoed " + " ".join(str(s) for s in SIZES))


def echo_objects(conn):
    count = 0
    while True:
        try:
            obj = conn.recv()
        except EOFError:
            break
        conn.send(obj)
        count += 1
    return count


def serve_objects(address, key, address_file):
    with Listener(parse(address), authkey=key) as listener:
        with open(address_file + ".tmp", "w") as f:
            f.write(show(listener.address))
        import os
        os.rename(address_file + ".tmp", address_file)
        with listener.accept() as conn:
            count = echo_objects(conn)
    print("served %d objects" % count)


def connect_objects(address, key):
    with Client(parse(address), authkey=key) as conn:
        for obj in OBJECTS:
            conn.send(obj)
            back = conn.recv()
            expected = bytes(obj) if isinstance(obj, bytearray) else obj  # Java has one byte[] for both
            if back != expected or type(back) is not type(expected):
                print("%r came back as %r" % (obj, back))
                sys.exit(1)
    print("echoed %d objects" % len(OBJECTS))


def main():
    mode = sys.argv[1]
    if mode == "inherited-objects":
        from multiprocessing.connection import Connection
        print("served %d objects" % echo_objects(Connection(int(sys.argv[2]))))
        return
    address, key = sys.argv[2], sys.argv[3].encode()
    try:
        if mode == "serve":
            serve(address, key, sys.argv[4])
        elif mode == "serve-objects":
            serve_objects(address, key, sys.argv[4])
        elif mode == "connect-objects":
            connect_objects(address, key)
        else:
            connect(address, key)
    except AuthenticationError as e:
        print("AuthenticationError: %s" % e)
        sys.exit(3)


if __name__ == "__main__":
    main()
