package org.multiprocessing4j.serialization.pickle;

import java.io.IOException;
import java.io.StreamCorruptedException;

import org.multiprocessing4j.testing.CPython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pickles a hostile or broken peer could send. Each must end in an {@link IOException}
 * (checked, an {@code IOException}); no other exception, no OutOfMemoryError, no
 * StackOverflowError, and nothing run.
 */
class HostileInputTest {

    private static final PickleSerializer CODEC = PickleSerializer.standard();

    @BeforeAll
    static void needPython() {
        assumeTrue(CPython.works("python3"), "python3 is not installed");
    }

    private static IOException refused(byte[] bytes) {
        try {
            Object o = CODEC.loads(bytes, 0, bytes.length);
            fail("accepted: " + o);
            return null;
        } catch (IOException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError("not an IOException: " + t, t);
        }
    }

    private static List<byte[]> pythonPickles(String setup, String expr, int... protocols) throws Exception {
        StringBuilder script = new StringBuilder("import pickle\n").append(setup).append('\n');
        for (int p : protocols) {
            script.append("print(pickle.dumps(").append(expr).append(", protocol=").append(p).append(").hex())\n");
        }
        List<byte[]> out = new ArrayList<>();
        for (String line : CPython.runWith("python3", script.toString(), "").split("\n")) {
            out.add(CPython.hex(line));
        }
        return out;
    }

    @Test
    void osSystemThroughReduceIsRefusedByNameBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path pwned = dir.resolve("pwned");
        List<byte[]> pickles = pythonPickles("""
                import os
                class Evil:
                    def __reduce__(self):
                        return (os.system, ('touch %s',))
                """.formatted(pwned), "Evil()", 0, 1, 2, 3, 4, 5);
        for (byte[] p : pickles) {
            RefusedGlobalException e = assertInstanceOf(RefusedGlobalException.class, refused(p));
            assertEquals("posix.system", e.getQualifiedName()); // os.system's __module__ is posix
            assertTrue(e.getMessage().contains("posix.system"), e.getMessage());
        }
        assertFalse(Files.exists(pwned));
    }

    @Test
    void aBuiltinNotOnTheListIsRefusedToo() {
        // the allow-list is per name, not per module: builtins.eval, getattr, __import__ are out
        for (String name : new String[] {"eval", "exec", "getattr", "__import__", "object", "type"}) {
            byte[] p = ("\u0080\u0002cbuiltins\n" + name + "\nX\u0001\u0000\u0000\u00001\u0085R.").getBytes(StandardCharsets.ISO_8859_1);
            RefusedGlobalException e = assertInstanceOf(RefusedGlobalException.class, refused(p));
            assertEquals("builtins." + name, e.getQualifiedName());
        }
        byte[] py2 = "c__builtin__\neval\n(S'1'\ntR.".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("__builtin__.eval", ((RefusedGlobalException) refused(py2)).getQualifiedName());
    }

    @Test
    void unknownClassesAreRefusedNamingTheClass() throws Exception {
        String setup = """
                import collections, datetime
                class Point:
                    def __init__(self): self.x = 1
                """;
        String[][] cases = {
                {"collections.OrderedDict()", "collections.OrderedDict"},
                {"collections.OrderedDict(a=1)", "collections.OrderedDict"},
                {"datetime.date.today()", "datetime.date"},
                {"Point()", "__main__.Point"},
                {"[1, {'k': Point()}]", "__main__.Point"},
                {"complex(1, 2)", "builtins.complex"},
                {"...", "builtins.Ellipsis"},
                {"ValueError('x')", "builtins.ValueError"},
        };
        // one interpreter for all: "[expr0, expr1, ...]" pickled element by element
        StringBuilder exprs = new StringBuilder("[");
        for (String[] c : cases) {
            exprs.append(c[0]).append(", ");
        }
        String script = "import pickle\n" + setup + "\nfor v in " + exprs + "]:\n"
                + "    print(' '.join(pickle.dumps(v, protocol=p).hex() for p in (2, 3, 4, 5)))\n";
        String[] lines = CPython.runWith("python3", script, "").split("\n");
        for (int i = 0; i < cases.length; i++) {
            String[] c = cases[i];
            String[] perProtocol = lines[i].split(" ");
            for (int p = 1; p < 4; p++) { // protocols 3, 4, 5
                RefusedGlobalException e = assertInstanceOf(RefusedGlobalException.class,
                        refused(CPython.hex(perProtocol[p])), c[0]);
                assertEquals(c[1], e.getQualifiedName(), c[0]);
            }
            // protocol 2 names builtins the Python 2 way (fix_imports): __builtin__.complex,
            // exceptions.ValueError; the refusal names what the pickle says
            String name = ((RefusedGlobalException) refused(CPython.hex(perProtocol[0]))).getQualifiedName();
            assertTrue(name.endsWith(c[1].substring(c[1].lastIndexOf('.'))), name);
        }
        // protocols 0 and 1 reach a plain instance through copyreg first: that is what is named
        for (byte[] p : pythonPickles(setup, "Point()", 0, 1)) {
            assertEquals("copy_reg._reconstructor", ((RefusedGlobalException) refused(p)).getQualifiedName());
        }
    }

    @Test
    void instAndObjAreRefusedAtTheName() {
        byte[] inst = "(S'rm -rf /'\nios\nsystem\n.".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("os.system", ((RefusedGlobalException) refused(inst)).getQualifiedName());
        byte[] obj = "(cposix\nsystem\nS'x'\no.".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("posix.system", ((RefusedGlobalException) refused(obj)).getQualifiedName());
        byte[] stackGlobal = "\u0080\u0004\u008c\u0002os\u008c\u0006system\u0093.".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("os.system", ((RefusedGlobalException) refused(stackGlobal)).getQualifiedName());
        byte[] notStrings = "\u0080\u0004K\u0001K\u0002\u0093.".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(refused(notStrings).getMessage().contains("STACK_GLOBAL"));
    }

    @Test
    void opcodesThatCouldReachCodeWithoutAGlobalAreRefused() {
        String[][] cases = {
                {"\u0080\u0002}}b.", "BUILD"},                 // __setstate__ on a dict
                {"\u0080\u0002])R.", "REDUCE"},                // calling a list
                {"\u0080\u0002X\u0001\u0000\u0000\u0000a)\u0081.", "NEWOBJ"},
                {"\u0080\u0002(]o.", "OBJ"},
                {"\u0080\u0002X\u0001\u0000\u0000\u0000aQ.", "persistent"},
                {"\u0080\u0002Pid\n.", "persistent"},
                {"\u0080\u0005\u0097.", "out-of-band"},
                {"\u0080\u0002\u0082\u0001.", "extension"},
        };
        for (String[] c : cases) {
            IOException e = refused(c[0].getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(e.getMessage().contains(c[1]), c[1] + ": " + e.getMessage());
        }
    }

    @Test
    void outOfBandBuffersFromCPythonAreRefused() throws Exception {
        String script = """
                import pickle
                bufs = []
                print(pickle.dumps(pickle.PickleBuffer(b'abc'), protocol=5, buffer_callback=bufs.append).hex())
                """;
        byte[] p = CPython.hex(CPython.runWith("python3", script, ""));
        assertTrue(refused(p).getMessage().contains("out-of-band"));
    }

    @Test
    void everyTruncationIsAnUnpicklingException() throws Exception {
        String value = "{'a': [1, 2**70, -3, 1.5, None, True], 'b': (b'xy', bytearray(b'z'), 'é'*300), "
                + "'c': {1, 2}, 'd': frozenset({3}), 'e': b'q' * 300, (1, 2): 'k'}";
        for (byte[] full : pythonPickles("", value, 0, 1, 2, 3, 4, 5)) {
            CODEC.loads(full); // the whole is fine
            for (int n = 0; n < full.length; n++) {
                refused(java.util.Arrays.copyOf(full, n));
            }
        }
    }

    @Test
    void trailingBytesAndStrayMarksAreRefused() {
        assertTrue(refused(new byte[] {(byte) 0x80, 2, 'N', '.', 'N'}).getMessage().contains("after STOP"));
        assertTrue(refused("(.".getBytes(StandardCharsets.ISO_8859_1)).getMessage().contains("MARK"));
        assertTrue(refused("(\u0085.".getBytes(StandardCharsets.ISO_8859_1)).getMessage().contains("MARK"));
        assertTrue(refused("](a.".getBytes(StandardCharsets.ISO_8859_1)).getMessage().contains("MARK"));
        assertTrue(refused(new byte[0]).getMessage().contains("premature end"));
    }

    @Test
    void aSliceIsDataOnly() throws Exception {
        // builtins.slice with what no slice takes: corrupt, not a call
        byte[] fourParts = "cbuiltins\nslice\n(I1\nI2\nI3\nI4\ntR.".getBytes(StandardCharsets.ISO_8859_1);
        assertInstanceOf(StreamCorruptedException.class, refused(fourParts));
        // its parts are kept as they came (Python allows any), and refused by indices() only
        byte[] strings = "cbuiltins\nslice\n(S'a'\nNI2\ntR.".getBytes(StandardCharsets.ISO_8859_1);
        PySlice slice = (PySlice) CODEC.loads(strings, 0, strings.length);
        assertEquals(new PySlice("a", null, 2L), slice);
        assertThrows(ClassCastException.class, () -> slice.indices(3));
    }

    @Test
    void unhashableKeysAreRefusedAsCPythonWould() {
        assertTrue(refused("}]Ns.".getBytes(StandardCharsets.ISO_8859_1)).getMessage().contains("unhashable"));
        assertTrue(refused("\u0080\u0004\u008f(]\u0090.".getBytes(StandardCharsets.ISO_8859_1)).getMessage().contains("unhashable"));
        assertTrue(refused("\u0080\u0004(}\u0091.".getBytes(StandardCharsets.ISO_8859_1)).getMessage().contains("unhashable"));
        assertTrue(refused("}(]t\u0085Ns.".getBytes(StandardCharsets.ISO_8859_1)).getMessage().contains("unhashable"));
    }

    @Test
    void garbageNeverEscapesAsAnythingElse() {
        Random random = new Random(42);
        byte[][] prefixes = {{}, {(byte) 0x80, 2}, {(byte) 0x80, 4}, {(byte) 0x80, 5}};
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] prefix = prefixes[i % prefixes.length];
            byte[] junk = new byte[1 + random.nextInt(48)];
            random.nextBytes(junk);
            byte[] p = new byte[prefix.length + junk.length];
            System.arraycopy(prefix, 0, p, 0, prefix.length);
            System.arraycopy(junk, 0, p, prefix.length, junk.length);
            try {
                CODEC.loads(p, 0, p.length);
                accepted++;
            } catch (IOException expected) {
                // fine
            } catch (Throwable t) {
                throw new AssertionError("garbage " + CPython.hex(p) + " threw " + t, t);
            }
        }
        assertTrue(accepted < 200, accepted + " random inputs decoded");
    }

    // ---- lengths that lie ----

    private static byte[] counted(int proto, int opcode, int width, long count, int extra) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80);
        b.write(proto);
        b.write(opcode);
        for (int i = 0; i < width; i++) {
            b.write((int) (count >>> (8 * i)) & 0xff);
        }
        for (int i = 0; i < extra; i++) {
            b.write('a');
        }
        b.write('.');
        return b.toByteArray();
    }

    @Test
    void aBinunicode8Announcing2To40BytesInTwentyBytesAllocatesNothing() {
        byte[] p = counted(4, 0x8d, 8, 1L << 40, 8);
        assertEquals(20, p.length);
        IOException e = refused(p);
        assertTrue(e.getMessage().contains("BINUNICODE8 announces 1099511627776 bytes but only 9 remain"), e.getMessage());
    }

    @Test
    void everyCountedOpcodeIsCheckedBeforeAllocating() {
        // under -Xmx512m any of these would be an OutOfMemoryError if believed
        Object[][] cases = {
                {3, 'B', 4, 0x7ffffff0L, "BINBYTES"},
                {3, 'B', 4, 0xffffffffL, "BINBYTES"},          // negative as the library reads it
                {2, 'X', 4, 0x7ffffff0L, "BINUNICODE"},
                {2, 'X', 4, 0x80000000L, "BINUNICODE"},
                {2, 'T', 4, 0x7ffffff0L, "BINSTRING"},
                {2, 0x8b, 4, 0x7ffffff0L, "LONG4"},
                {4, 0x8e, 8, 1L << 62, "BINBYTES8"},
                {4, 0x8e, 8, -1L, "BINBYTES8"},
                {5, 0x96, 8, 0x7ffffff0L, "BYTEARRAY8"},
                {4, 0x8d, 8, 0x7fffffffL, "BINUNICODE8"},
                {4, 0x95, 8, 1L << 40, "FRAME"},
        };
        for (Object[] c : cases) {
            int opcode = c[1] instanceof Character ch ? ch : (Integer) c[1];
            byte[] p = counted((Integer) c[0], opcode, (Integer) c[2], (Long) c[3], 4);
            IOException e = refused(p);
            assertTrue(e.getMessage().contains(c[4] + " announces"), e.getMessage());
        }
    }

    @Test
    void hugeTextIntegersAreRefusedAsCPythonDoes() {
        byte[] p = ("I" + "9".repeat(100_000) + "\n.").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(refused(p).getMessage().contains("4300"));
        byte[] ok = ("L" + "9".repeat(4300) + "L\n.").getBytes(StandardCharsets.ISO_8859_1);
        assertDoesNotThrowUnpickling(ok);
    }

    private static void assertDoesNotThrowUnpickling(byte[] p) {
        try {
            CODEC.loads(p);
        } catch (IOException e) {
            fail(e);
        }
    }

    // ---- nesting ----

    private static byte[] repeat(String head, String body, int n, String tail) {
        return (head + body.repeat(n) + tail).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aHundredThousandNestedListsIsAClearError() {
        // the way CPython writes [[[...]]]: the stack grows with the depth
        byte[] stacked = ("\u0080\u0002" + "]".repeat(100_000) + "a".repeat(99_999) + ".").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(refused(stacked).getMessage().contains("nested deeper than 1000"));
        // through the memo, with a constant stack, 7 bytes a level: push a new list, memo 1 = it,
        // append it to the list below, pop that one, push memo 1 (the new list) again
        byte[] memoChain = repeat("\u0080\u0002]q\u0000", "]q\u0001a0h\u0001", 100_000, "0h\u0000.");
        assertTrue(refused(memoChain).getMessage().contains("nested deeper than 1000"), "memo chain");
        // and dicts the same way
        byte[] dicts = ("\u0080\u0002}q\u0000" + "X\u0001\u0000\u0000\u0000k}q\u0001s0h\u0001".repeat(100_000) + "0h\u0000.")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(refused(dicts).getMessage().contains("nested deeper"));
    }

    @Test
    void aHundredThousandNestedTuplesAndFrozensetsAreAClearError() {
        byte[] tuples = repeat("\u0080\u0002)", "\u0085", 100_000, ".");
        assertTrue(refused(tuples).getMessage().contains("nested deeper than 1000"));
        byte[] asKey = repeat("\u0080\u0002})", "\u0085", 100_000, "Ns.");
        assertTrue(refused(asKey).getMessage().contains("nested deeper than 1000"));
        byte[] frozen = repeat("\u0080\u0004", "(", 100_000, "\u0091".repeat(100_000) + ".");
        assertTrue(refused(frozen).getMessage().contains("nested deeper than 1000"));
    }

    @Test
    void aSelfContainingListFromCPythonIsRefused() throws Exception {
        for (byte[] p : pythonPickles("l = []; l.append(l); d = {}; d['d'] = d", "[l, d]", 2, 4, 5)) {
            assertTrue(refused(p).getMessage().contains("recursive"));
        }
    }

    @Test
    void aBillionLaughsGraphIsWalkedOnce() {
        // L0 = []; Lk = [Lk-1, Lk-1]: 2^200 paths, 201 objects. Also as tuples used as a dict key
        // (CPython itself would hash such a key for ever: its tuples do not cache their hash).
        StringBuilder l = new StringBuilder("\u0080\u0002]q\u0000");
        StringBuilder t = new StringBuilder("\u0080\u0002}q\u0001)q\u0000");
        for (int i = 0; i < 200; i++) {
            l.append("0](h\u0000h\u0000eq\u0000");      // pop; new list of (memo0, memo0); memo0 = it
            t.append("0h\u0000h\u0000\u0086q\u0000");   // pop; (memo0, memo0); memo0 = it
        }
        byte[] listGraph = (l + ".").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tupleKey = (t + "0h\u0001h\u0000Ns.").getBytes(StandardCharsets.ISO_8859_1);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Object graph = CODEC.loads(listGraph);
            assertInstanceOf(List.class, graph);
            Map<?, ?> m = assertInstanceOf(Map.class, CODEC.loads(tupleKey));
            assertEquals(1, m.size());
        });
    }
}
