package org.multiprocessing4j.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address.parse: what reads as which family, and what is no address at all. */
@Timeout(10)
class AddressTest {

    @Test
    void validAddressesOfEachFamily() {
        assertEquals(Address.tcp("localhost", 80), Address.parse("localhost:80"));
        assertEquals(Address.tcp("localhost", 0), Address.parse("localhost:0"));
        assertEquals(Address.tcp("localhost", 65535), Address.parse("localhost:65535"));
        assertEquals(Address.tcp("127.0.0.1", 80), Address.parse("127.0.0.1:080"));
        assertEquals(Address.tcp("", 0), Address.parse(":0"));
        assertEquals(Address.tcp("::1", 5), Address.parse("[::1]:5"));
        assertEquals(Address.tcp("my-host.example_1", 5), Address.parse("my-host.example_1:5"));
        assertEquals(Address.unix("/tmp/a:1"), Address.parse("/tmp/a:1"));
        assertEquals(Address.unix("./sock"), Address.parse("./sock"));
        assertEquals(Address.unix("../dir/sock"), Address.parse("../dir/sock"));
        assertEquals(Address.abstractUnix("x:1"), Address.parse("\0x:1"));
        assertEquals(Address.pipe("\\\\.\\pipe\\p"), Address.parse("\\\\.\\pipe\\p"));
        assertTrue(Address.parse("\\\\.\\PIPE\\p").isPipe(), "Windows names are case-insensitive");
        assertTrue(Address.parse("\\\\server\\pipe\\p").isPipe(), "a pipe on another machine");
        for (String s : new String[] {"10.0.0.1:7", "[::1]:5", "/x/y", "./x", "\\\\.\\pipe\\q", "\0abstract"}) {
            assertEquals(s, Address.parse(s).toString());
        }
    }

    @Test
    void whatIsNoAddressIsRefusedByName() {
        String[] refused = {
            "localhost:", "127.0.0.1:-1", "localhost:8080 ", " localhost:8080", "localhost :8080",
            "host:65536", "host:99999", "host:123456", "host:+80", "host:8o", "host:80:90", "a b:80",
            "[::1]", "[::1]:", "[::1]:70000", "[::1:5", "::1:5", "sock", "dir/sock", "", ":", "localhost",
            "\\\\", "\\\\.\\pipe\\", "\\\\server", "\\\\.\\other\\p", "host:\u0660",
        };
        for (String text : refused) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Address.parse(text),
                    "parsed: '" + text + "'");
            assertTrue(e.getMessage().startsWith("not an address: \"" + text + "\""), e.getMessage());
        }
    }

    @Test
    void garbageIsShownEscapedAndCutShort() {
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> Address.parse("bad\u0001\n:x"));
        assertTrue(control.getMessage().startsWith("not an address: \"bad\\u0001\\n:x\""), control.getMessage());
        String huge = "x".repeat(1 << 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Address.parse(huge));
        assertTrue(e.getMessage().length() < 400, e.getMessage().length() + " characters");
        assertTrue(e.getMessage().contains("(1048576 characters)"), e.getMessage());
    }

    @Test
    void portsOutOfRangeAndNullsAreRefusedByTheFactories() {
        assertEquals("port out of range: 70000", assertThrows(IllegalArgumentException.class,
                () -> Address.tcp("h", 70000)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Address.tcp("h", -1));
        assertEquals("host", assertThrows(NullPointerException.class, () -> Address.tcp(null, 1)).getMessage());
        assertEquals("path", assertThrows(NullPointerException.class, () -> Address.unix(null)).getMessage());
        assertEquals("name", assertThrows(NullPointerException.class, () -> Address.abstractUnix(null)).getMessage());
        assertEquals("name", assertThrows(NullPointerException.class, () -> Address.pipe(null)).getMessage());
        assertEquals("address", assertThrows(NullPointerException.class, () -> Address.parse(null)).getMessage());
    }
}
