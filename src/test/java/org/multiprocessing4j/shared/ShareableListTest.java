package org.multiprocessing4j.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.testing.Children;

import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ShareableListTest {
    /** bytes(ShareableList([-2, 2.5, True, None, "héllo", b"ab", "", "12345678"]).shm.buf), CPython 3.11 on x86-64. */
    private static final String CPYTHON_BYTES = "0800000000000000000000000000000008000000000000001000000000000000"
            + "1800000000000000200000000000000028000000000000003000000000000000380000000000000048000000000000"
            + "00feffffffffffffff00000000000004400000000000000001000000000000000068c3a96c6c6f00006162000000000000"
            + "00000000000000003132333435363738000000000000000071000000000000006400000000000000787878787878783f"
            + "7878787878783f783873000000000000387300000000000038730000000000003136730000000000000000030102010"
            + "1";
    /** The same list after {@code sl[6] = 77; sl[0] = "seven"} in CPython 3.11. */
    private static final String CPYTHON_BYTES_AFTER_SETS = "080000000000000000000000000000000800000000000000100000000000"
            + "0000180000000000000020000000000000002800000000000000300000000000000038000000000000004800000000000000"
            + "736576656e00000000000000000004400000000000000001000000000000000068c3a96c6c6f00006162000000000000"
            + "4d000000000000003132333435363738000000000000000038730000000000006400000000000000787878787878783f"
            + "7878787878783f783873000000000000387300000000000071000000000000003136730000000000010000030102000"
            + "1";

    static String uniqueName() {
        return "mp4j-list-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyTypeComesBackAsPythonWouldReadIt() {
        List<Object> items = Arrays.asList(42L, 7, (short) 3, (byte) -1, 2.5, 1.5f, true, false, null, "héllo wörld", "",
                bytes("ab"), new byte[0]);
        try (ShareableList list = new ShareableList(items)) {
            assertEquals(items.size(), list.size());
            assertEquals(List.of(42L, 7L, 3L, -1L, 2.5, 1.5, true, false), list.subList(0, 8), "ints as Long, floats as Double");
            assertNull(list.get(8));
            assertEquals("héllo wörld", list.get(9));
            assertEquals("", list.get(10));
            assertArrayEquals(bytes("ab"), (byte[]) list.get(11));
            assertArrayEquals(new byte[0], (byte[]) list.get(12));
            assertEquals("qqqqddxxxxxxx?xxxxxxx?xxxxxx?x16s8s8s8s", list.getFormat(),
                    "str and bytes get the next multiple of 8 above their UTF-8 length");
            assertNull(list.getShm().getName());
        }
    }

    @Test
    void theBytesAreThoseCPythonWrites() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the reference bytes are little-endian");
        String name = uniqueName();
        try (ShareableList list = new ShareableList(Arrays.asList(-2L, 2.5, true, null, "héllo", bytes("ab"), "", "12345678"),
                name)) {
            try {
                assertEquals(CPYTHON_BYTES, HexFormat.of().formatHex(raw(list)));
                list.set(6, 77);
                list.set(0, "seven");
                assertEquals(CPYTHON_BYTES_AFTER_SETS, HexFormat.of().formatHex(raw(list)));
                assertEquals("ShareableList(['seven', 2.5, True, None, 'héllo', b'ab', 77, '12345678'], name='" + name + "')",
                        list.toString());
                assertEquals("8sdxxxxxxx?xxxxxx?x8s8sq16s", list.getFormat());
            } finally {
                list.getShm().unlink();
            }
        }
    }

    private static byte[] raw(ShareableList list) {
        byte[] bytes = new byte[(int) list.getShm().getSize()];
        list.getShm().getBuffer().get(bytes);
        return bytes;
    }

    @Test
    void anItemTakesAnyTypeThatFitsItsStorage() {
        try (ShareableList list = new ShareableList(Arrays.asList(1L, "hello", bytes("0123456789")))) {
            assertEquals(1L, list.set(0, "12345678"), "set returns the item it replaced");
            assertEquals("12345678", list.get(0));
            list.set(1, 99L);
            assertEquals(99L, list.get(1));
            list.set(1, bytes("bytes!!"));
            assertArrayEquals(bytes("bytes!!"), (byte[]) list.get(1));
            list.set(2, null);
            assertNull(list.get(2));
            list.set(2, "sixteen bytes ok");
            assertEquals("sixteen bytes ok", list.get(2));
            list.set(0, false);
            assertEquals(false, list.get(0));
            assertEquals("xxxxxxx?8s16s", list.getFormat());
            list.set(1, "trail\0");
            assertEquals("trail", list.get(1), "trailing NULs are lost, as in CPython");
        }
    }

    @Test
    void badInputIsRefusedWithCPythonsErrors() {
        try (ShareableList list = new ShareableList(Arrays.asList(1L, "seven77"))) {
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> list.set(1, "eight888!"));
            assertTrue(tooLong.getMessage().startsWith("bytes/str item exceeds available storage"), tooLong.getMessage());
            assertThrows(IllegalArgumentException.class, () -> list.set(0, "ééééé"), "10 UTF-8 bytes in an 8-byte item");
            assertEquals(List.of(1L, "seven77"), list, "a refused value changes nothing");
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> list.set(0, 'c'));
            assertTrue(type.getMessage().contains("not java.lang.Character"), type.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> list.get(2));
            assertThrows(IndexOutOfBoundsException.class, () -> list.get(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> list.set(2, 1L));
            assertThrows(UnsupportedOperationException.class, () -> list.add(1L));
            assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
            assertThrows(UnsupportedOperationException.class, list::clear);
        }
        assertThrows(IllegalArgumentException.class, () -> new ShareableList(List.of(new Object())));
        assertThrows(IllegalArgumentException.class, () -> new ShareableList(List.of(new java.math.BigInteger("1"))));
        assertThrows(IllegalArgumentException.class, () -> new ShareableList(List.of(new byte[9_999_992])),
                "a format longer than 8 bytes, which CPython cannot store either");
        assertThrows(NullPointerException.class, () -> ShareableList.attach(null));
    }

    @Test
    void aStrCutInsideACharacterCannotBeReadButCanBeReplaced() {
        // CPython 3.11 sizes a str by characters: ShareableList(["aéééé"]) keeps 8 of its 9 bytes.
        try (ShareableList list = new ShareableList(List.of("placeholder"))) {
            list.set(0, new byte[] {'a', (byte) 0xc3});
            int codes = (int) list.getShm().getSize() - list.size();
            list.getShm().getBuffer().put(codes, (byte) 1);
            IllegalStateException unreadable = assertThrows(IllegalStateException.class, () -> list.get(0));
            assertTrue(unreadable.getMessage().contains("not valid UTF-8"), unreadable.getMessage());
            assertNull(list.set(0, "fixed"));
            assertEquals("fixed", list.get(0));
        }
    }

    @Test
    void countIndexAndContainsWidenNumbersAndCompareBytesByContent() {
        try (ShareableList list = new ShareableList(Arrays.asList(1L, 2.0, "a", 1, bytes("x"), null, "a"))) {
            assertEquals(2, list.count(1));
            assertEquals(2, list.count(1L));
            assertEquals(1, list.count(2.0f));
            assertEquals(2, list.count("a"));
            assertEquals(1, list.count(bytes("x")));
            assertEquals(1, list.count(null));
            assertEquals(0, list.count(true), "unlike Python, true is not 1");
            assertEquals(2, list.index("a"));
            assertEquals(6, list.lastIndexOf("a"));
            assertEquals(4, list.index(bytes("x")));
            assertTrue(list.contains(bytes("x")));
            assertFalse(list.contains("b"));
            NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> list.index("b"));
            assertEquals("'b' not in this container", missing.getMessage());
        }
    }

    @Test
    void toStringIsCPythonsRepr() {
        try (ShareableList list = new ShareableList(Arrays.asList(1e16, 1e-5, 123456789.123, 0.1, -0.0, 5e-324,
                Double.POSITIVE_INFINITY, Double.NaN, 100.0, 7L, true, null))) {
            assertEquals("ShareableList([1e+16, 1e-05, 123456789.123, 0.1, -0.0, 5e-324, inf, nan, 100.0, 7, True, None], "
                    + "name=None)", list.toString());
        }
        try (ShareableList list = new ShareableList(Arrays.asList("it's", "say \"hi\"", "both ' \"", "tab\there\u0001\u007f\u00a0é😀",
                new byte[] {0, (byte) 0xff, '\'', 'a', '\\'}))) {
            assertEquals("ShareableList([\"it's\", 'say \"hi\"', 'both \\' \"', 'tab\\there\\x01\\x7f\\xa0é😀', "
                    + "b\"\\x00\\xff'a\\\\\"], name=None)", list.toString());
        }
        ShareableList closed = new ShareableList(List.of(1L));
        closed.close();
        assertEquals("ShareableList(<closed>, name=None)", closed.toString());
        assertThrows(IllegalStateException.class, () -> closed.get(0));
    }

    @Test
    void anAnonymousListIsRefusedOutsideAChildsStart() throws Exception {
        Connection[] pipe = Pipe.open();
        try (ShareableList list = new ShareableList(List.of(1L))) {
            SerializationException e = assertThrows(SerializationException.class, () -> pipe[0].send(list));
            assertTrue(e.getMessage().contains("should only be shared between processes through inheritance"), e.getMessage());
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
    }

    @Test
    void anEmptyListWorks() {
        try (ShareableList list = new ShareableList(List.of())) {
            assertEquals(0, list.size());
            assertEquals("", list.getFormat());
            assertEquals("ShareableList([], name=None)", list.toString());
        }
    }

    @Test
    void aNamedListIsAttachedByName() {
        String name = uniqueName();
        try (ShareableList list = new ShareableList(List.of(1L, "one"), name)) {
            try (ShareableList attached = ShareableList.attach(name)) {
                assertEquals(List.of(1L, "one"), attached);
                attached.set(0, 2.5);
            }
            assertEquals(2.5, list.get(0));
        } finally {
            SharedMemory.attach(name).unlink();
        }
        UncheckedIOException gone = assertThrows(UncheckedIOException.class, () -> ShareableList.attach(name));
        assertInstanceOf(NoSuchFileException.class, gone.getCause());
    }

    @Test
    void aSegmentThatIsNoListIsRefused() {
        String name = uniqueName();
        try (SharedMemory memory = new SharedMemory(name, true, 64)) {
            memory.getBuffer().order(ByteOrder.nativeOrder()).putLong(0, 1000);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShareableList.attach(name));
            assertTrue(e.getMessage().startsWith("the shared memory does not hold a ShareableList"), e.getMessage());
            memory.getBuffer().order(ByteOrder.nativeOrder()).putLong(0, 1).putLong(8, 0).putLong(16, 4000);
            assertThrows(IllegalArgumentException.class, () -> ShareableList.attach(name));
        } finally {
            SharedMemory.attach(name).unlink();
        }
    }

    @Test
    @Timeout(60)
    void childrenChangeInheritedAndNamedListsAndAConnectionCarriesANamedOne() throws Exception {
        String name = uniqueName();
        try (ShareableList anonymous = new ShareableList(Arrays.asList(0L, ""));
             ShareableList named = new ShareableList(Arrays.asList(0L, "a placeholder"), name)) {
            Connection[] pipe = Pipe.open();
            try {
                Process child = Children.start(() -> {
                    anonymous.set(0, anonymous.size() + 40L);
                    anonymous.set(1, "child");
                    named.set(0, name.equals(named.getShm().getName()) ? 7L : -1L);
                    named.set(1, "from the child");
                    anonymous.close();
                    named.close();
                });
                Children.finish(child);
                assertEquals(List.of(42L, "child"), anonymous);
                assertEquals(List.of(7L, "from the child"), named, "the child attached to the named list by name");

                pipe[0].send(named);
                try (ShareableList received = (ShareableList) pipe[1].recv()) {
                    received.set(0, 8L);
                }
                assertEquals(8L, named.get(0));
            } finally {
                pipe[0].close();
                pipe[1].close();
                named.getShm().unlink();
            }
        }
    }
}
