import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.connection.AuthenticationException;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Listener;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The Java side of the CPython interop test; the same modes, arguments and output as
 * native-tests/python/interop_peer.py, so that either side can face the other.
 */
public class InteropPeer {
    private static final int[] SIZES = {0, 64, 3 << 20};

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Address address = Address.parse(args[1]);
        byte[] key = args[2].getBytes(StandardCharsets.UTF_8);
        try {
            if (mode.equals("serve")) {
                serve(address, key, Path.of(args[3]));
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
}
