"""CPython's side of the interop test (see test_cpython_interop.sh).

    interop_peer.py serve ADDRESS KEY ADDRESS_FILE   # Listener: echo every message until EOF
    interop_peer.py connect ADDRESS KEY              # Client: 0 B, 64 B, 3 MiB, each echoed

ADDRESS is host:port (TCP) or a path (Unix socket); KEY is the authkey as text. The serving
side writes the bound address to ADDRESS_FILE once it listens. An authentication failure
prints "AuthenticationError: <message>" and exits with 3.
"""
import sys
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Listener

SIZES = (0, 64, 3 << 20)


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


def main():
    mode, address, key = sys.argv[1], sys.argv[2], sys.argv[3].encode()
    try:
        if mode == "serve":
            serve(address, key, sys.argv[4])
        else:
            connect(address, key)
    except AuthenticationError as e:
        print("AuthenticationError: %s" % e)
        sys.exit(3)


if __name__ == "__main__":
    main()
