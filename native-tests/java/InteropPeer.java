import org.multiprocessing4j.NativeChild;
import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.connection.AuthenticationException;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.serialization.pickle.PickleSerializer;
import org.multiprocessing4j.serialization.pickle.PyFrozenSet;
import org.multiprocessing4j.serialization.pickle.PyTuple;

import java.io.EOFException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Java side of the CPython interop test; the same modes, arguments and output as
 * native-tests/python/interop_peer.py, so that either side can face the other. The object modes
 * use PickleSerializer: CPython's objects arrive as Java objects and go back as what they were.
 * One more mode: {@code pair PYTHON PEER_PY} makes a socket pair, hands one end to
 * {@code PEER_PY inherited-objects 3} and exchanges the objects over the other.
 */
public class InteropPeer {
    private static final int[] SIZES = {0, 64, 3 << 20};
    private static final PickleSerializer PICKLE = PickleSerializer.standard();

    /** The Java forms of interop_peer.py's OBJECTS (bytearray: a byte[], which goes back as bytes). */
    static List<Object> objects() {
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("b", 1L);
        dict.put("a", PyTuple.of(2L));
        return Arrays.asList(null, true, 7L, Long.MIN_VALUE, BigInteger.TWO.pow(70), 1.5, "h\u00e9llo",
                new byte[] {0, (byte) 0xff}, PyTuple.of(12345L, "hello", new ArrayList<>(List.of(1.5, 2.5))),
                new ArrayList<>(List.of(1L, new ArrayList<>(List.of(2L, 3L)))), dict,
                new LinkedHashSet<>(List.of(1L, 2L)), PyFrozenSet.of("x"), "ab".getBytes());
    }

    /** Equal, and of the same class, as the pickle mapping gives it (byte arrays by content). */
    static boolean same(Object a, Object b) {
        if (a instanceof byte[] && b instanceof byte[]) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        }
        return Objects.equals(a, b) && (a == null || a.getClass() == b.getClass());
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (mode.equals("pair")) {
            pair(args[1], args[2]);
            return;
        }
        Address address = Address.parse(args[1]);
        byte[] key = args[2].getBytes(StandardCharsets.UTF_8);
        try {
            if (mode.equals("serve")) {
                serve(address, key, Path.of(args[3]));
            } else if (mode.equals("serve-objects")) {
                serveObjects(address, key, Path.of(args[3]));
            } else if (mode.equals("connect-objects")) {
                try (Connection conn = Client.connect(address, key, PICKLE)) {
                    exchange(conn);
                }
            } else {
                connect(address, key);
            }
        } catch (AuthenticationException e) {
            System.out.println("AuthenticationException: " + e.getMessage());
            System.exit(3);
        }
    }

    private static void serve(Address address, byte[] key, Path addressFile) throws Exception {
        try (Listener listener = new Listener(address, 1, key)) {
            Path temporary = Path.of(addressFile + ".tmp");
            Files.writeString(temporary, listener.getAddress().toString());
            Files.move(temporary, addressFile, StandardCopyOption.ATOMIC_MOVE);
            int count = 0;
            try (Connection conn = listener.accept()) {
                while (true) {
                    byte[] message;
                    try {
                        message = conn.recvBytes();
                    } catch (EOFException end) {
                        break;
                    }
                    conn.sendBytes(message);
                    count++;
                }
            }
            System.out.println("served " + count + " messages");
        }
    }

    private static void connect(Address address, byte[] key) throws Exception {
        try (Connection conn = Client.connect(address, key)) {
            StringBuilder sizes = new StringBuilder("echoed");
            for (int size : SIZES) {
                byte[] message = new byte[size];
                for (int i = 0; i < size; i++) {
                    message[i] = size < 4096 ? (byte) (i * 31 % 251) : 0x5a;
                }
                conn.sendBytes(message);
                byte[] echoed = conn.recvBytes();
                if (!Arrays.equals(message, echoed)) {
                    System.out.println("echo of " + size + " bytes came back as " + echoed.length + " different bytes");
                    System.exit(1);
                }
                sizes.append(' ').append(size);
            }
            System.out.println(sizes);
        }
    }

    private static void serveObjects(Address address, byte[] key, Path addressFile) throws Exception {
        try (Listener listener = Listener.builder().address(address).backlog(1).authkey(key).serializer(PICKLE).open()) {
            Path temporary = Path.of(addressFile + ".tmp");
            Files.writeString(temporary, listener.getAddress().toString());
            Files.move(temporary, addressFile, StandardCopyOption.ATOMIC_MOVE);
            int count = 0;
            try (Connection conn = listener.accept()) {
                while (true) {
                    Object message;
                    try {
                        message = conn.recv();
                    } catch (EOFException end) {
                        break;
                    }
                    conn.send(message);
                    count++;
                }
            }
            System.out.println("served " + count + " objects");
        }
    }

    /** Sends each object, checks the echo, as interop_peer.py's connect_objects does. */
    private static void exchange(Connection conn) throws Exception {
        List<Object> objects = objects();
        for (Object object : objects) {
            conn.send(object);
            Object back = conn.recv();
            if (!same(object, back)) {
                System.out.println(object + " came back as " + back + (back == null ? "" : " (" + back.getClass().getName() + ")"));
                System.exit(1);
            }
        }
        System.out.println("echoed " + objects.size() + " objects");
    }

    private static void pair(String python, String peer) throws Exception {
        Connection[] ends = Pipe.open(true, PICKLE);
        NativeChild.Builder builder = NativeChild.builder(List.of(python, peer, "inherited-objects", "3"));
        builder.inherit(ends[1].fileno());
        try (NativeChild child = builder.start()) {
            ends[1].close();
            exchange(ends[0]);
            ends[0].close();
            int code = child.waitFor();
            if (code != 0) {
                System.out.println("the python peer exited with " + code);
                System.exit(1);
            }
        }
    }
}
