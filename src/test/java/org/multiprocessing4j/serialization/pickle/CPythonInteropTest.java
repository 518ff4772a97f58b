package org.multiprocessing4j.serialization.pickle;

import org.multiprocessing4j.testing.CPython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.multiprocessing4j.serialization.pickle.PyAssert.assertPyEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real interop: CPython pickles with protocols 2 to 5 (what its {@code multiprocessing} sends is
 * protocol 4 on 3.8+ unless told otherwise), Java reads; Java pickles, CPython reads and prints
 * the repr.
 */
class CPythonInteropTest {

    static Stream<String> pythons() {
        List<String> found = CPython.interpreters();
        assumeTrue(!found.isEmpty(), "no CPython 3.8+ here");
        return found.stream();
    }

    /** name -> Python expression; the expected Java values are in {@link #expected()}. */
    private static final String PY_CASES = """
            import pickle, sys
            big_list = list(range(2500))
            big_dict = {i: str(i) for i in range(2500)}
            shared = [1]
            CASES = [
              ('none', None), ('true', True), ('false', False),
              ('i0', 0), ('i1', 1), ('im1', -1), ('i255', 255), ('i256', 256), ('i65535', 65535),
              ('i65536', 65536), ('i2_31m1', 2**31-1), ('im2_31', -2**31), ('i2_31', 2**31),
              ('i2_63m1', 2**63-1), ('im2_63', -2**63), ('i2_63', 2**63), ('im2_63m1', -2**63-1),
              ('i2_200', 2**200), ('im2_200', -2**200),
              ('f', 1.5), ('fneg0', -0.0), ('finf', float('inf')), ('fnan', float('nan')), ('fbig', 1e308),
              ('s0', ''), ('s', 'ascii'), ('su', 'é😀'), ('s300', 'x' * 300), ('sctl', 'a\\nb\\x00'),
              ('b0', b''), ('b', b'\\x00\\xff'), ('b512', bytes(range(256)) * 2),
              ('ba0', bytearray()), ('ba', bytearray(b'ab')), ('ba300', bytearray(300)),
              ('t0', ()), ('t1', (1,)), ('t2', (1, 2)), ('t3', (1, 2, 3)), ('t4', (1, 2, 3, 4)),
              ('tnest', ((1,), ((2,),))),
              ('l0', []), ('l', [1, 'a', None]), ('lbig', big_list),
              ('d0', {}), ('dorder', {'b': 1, 'a': 2}), ('dbig', big_dict),
              ('dkeys', {(1, 2): 'tuple key', frozenset({1}): 'frozenset key', 3: 'int key', None: 'none key'}),
              ('set0', set()), ('set', {3, 1, 2}), ('fs0', frozenset()), ('fs', frozenset({1, 'a', (2, 3)})),
              ('nested', {'list': [1, (2, [3, {'x': None}])], 'set': {1}, 'bytes': [b'z']}),
              ('shared', [shared, shared]),
            ]
            top = min(5, pickle.HIGHEST_PROTOCOL)
            for proto in range(2, top + 1):
                for name, value in CASES:
                    print(name, proto, pickle.dumps(value, protocol=proto).hex())
            # what multiprocessing itself sends: ForkingPickler with protocol None
            from multiprocessing.reduction import ForkingPickler
            for name, value in CASES:
                print(name, 'mp', bytes(ForkingPickler.dumps(value)).hex())
            """;

    private static Map<String, Object> expected() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("none", null);
        e.put("true", true);
        e.put("false", false);
        e.put("i0", 0L);
        e.put("i1", 1L);
        e.put("im1", -1L);
        e.put("i255", 255L);
        e.put("i256", 256L);
        e.put("i65535", 65535L);
        e.put("i65536", 65536L);
        e.put("i2_31m1", (long) Integer.MAX_VALUE);
        e.put("im2_31", (long) Integer.MIN_VALUE);
        e.put("i2_31", 1L << 31);
        e.put("i2_63m1", Long.MAX_VALUE);
        e.put("im2_63", Long.MIN_VALUE);
        e.put("i2_63", BigInteger.ONE.shiftLeft(63));
        e.put("im2_63m1", BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE));
        e.put("i2_200", BigInteger.ONE.shiftLeft(200));
        e.put("im2_200", BigInteger.ONE.shiftLeft(200).negate());
        e.put("f", 1.5);
        e.put("fneg0", -0.0);
        e.put("finf", Double.POSITIVE_INFINITY);
        e.put("fnan", Double.NaN);
        e.put("fbig", 1e308);
        e.put("s0", "");
        e.put("s", "ascii");
        e.put("su", "é😀");
        e.put("s300", "x".repeat(300));
        e.put("sctl", "a\nb\u0000");
        e.put("b0", new byte[0]);
        e.put("b", new byte[] {0, (byte) 0xff});
        byte[] b512 = new byte[512];
        for (int i = 0; i < 512; i++) {
            b512[i] = (byte) i;
        }
        e.put("b512", b512);
        e.put("ba0", new byte[0]);
        e.put("ba", new byte[] {'a', 'b'});
        e.put("ba300", new byte[300]);
        e.put("t0", PyTuple.of());
        e.put("t1", PyTuple.of(1L));
        e.put("t2", PyTuple.of(1L, 2L));
        e.put("t3", PyTuple.of(1L, 2L, 3L));
        e.put("t4", PyTuple.of(1L, 2L, 3L, 4L));
        e.put("tnest", PyTuple.of(PyTuple.of(1L), PyTuple.of(PyTuple.of(2L))));
        e.put("l0", new ArrayList<>());
        e.put("l", new ArrayList<>(java.util.Arrays.asList(1L, "a", null)));
        List<Object> bigList = new ArrayList<>();
        Map<Object, Object> bigDict = new LinkedHashMap<>();
        for (long i = 0; i < 2500; i++) {
            bigList.add(i);
            bigDict.put(i, Long.toString(i));
        }
        e.put("lbig", bigList);
        e.put("d0", new LinkedHashMap<>());
        Map<Object, Object> order = new LinkedHashMap<>();
        order.put("b", 1L);
        order.put("a", 2L);
        e.put("dorder", order);
        e.put("dbig", bigDict);
        Map<Object, Object> keys = new LinkedHashMap<>();
        keys.put(PyTuple.of(1L, 2L), "tuple key");
        keys.put(PyFrozenSet.of(1L), "frozenset key");
        keys.put(3L, "int key");
        keys.put(null, "none key");
        e.put("dkeys", keys);
        e.put("set0", new LinkedHashSet<>());
        e.put("set", new LinkedHashSet<>(List.of(1L, 2L, 3L)));
        e.put("fs0", PyFrozenSet.of());
        e.put("fs", PyFrozenSet.of(1L, "a", PyTuple.of(2L, 3L)));
        Map<Object, Object> nested = new LinkedHashMap<>();
        Map<Object, Object> x = new LinkedHashMap<>();
        x.put("x", null);
        nested.put("list", new ArrayList<>(List.of(1L, PyTuple.of(2L, new ArrayList<>(List.of(3L, x))))));
        nested.put("set", new LinkedHashSet<>(List.of(1L)));
        nested.put("bytes", new ArrayList<>(List.<Object>of(new byte[] {'z'})));
        e.put("nested", nested);
        List<Object> one = new ArrayList<>(List.of(1L));
        e.put("shared", new ArrayList<>(List.of(one, one)));
        return e;
    }

    @ParameterizedTest
    @MethodSource("pythons")
    void pythonToJava(String python) throws Exception {
        Map<String, Object> expected = expected();
        String out = CPython.runWith(python, PY_CASES, "");
        int checked = 0;
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            String where = python + " " + f[0] + " protocol " + f[1];
            byte[] bytes = CPython.hex(f[2]);
            Object value = PickleSerializer.standard().loads(bytes, 0, bytes.length);
            assertPyEquals(expected.get(f[0]), value, where);
            if (f[0].equals("shared")) {
                List<?> l = (List<?>) value;
                assertSame(l.get(0), l.get(1), where + ": the memo keeps sharing");
            }
            checked++;
        }
        assertEquals(expected.size() * 5, checked, "every case for protocols 2-5 and multiprocessing's own");
    }

    private static final String PY_REPR = """
            import pickle, sys
            for line in sys.stdin:
                v = pickle.loads(bytes.fromhex(line.strip()))
                extra = ''
                if type(v) is list and len(v) == 2 and type(v[0]) is list:
                    extra = ' shared=' + str(v[0] is v[1])
                print(type(v).__name__, repr(v) + extra)
            """;

    @ParameterizedTest
    @MethodSource("pythons")
    void javaToPython(String python) throws Exception {
        Map<Object, Object> order = new LinkedHashMap<>();
        order.put("b", 1);
        order.put("a", 2);
        Map<Object, Object> tupleKey = new LinkedHashMap<>();
        tupleKey.put(PyTuple.of(1, 2), List.of(3));
        tupleKey.put(PyFrozenSet.of("f"), null);
        List<Object> one = new ArrayList<>(List.of(1));
        List<Object> self = new ArrayList<>();
        self.add(self);
        byte[] big = new byte[300];
        big[299] = 7;
        Object[][] cases = {
                {null, "NoneType None"},
                {true, "bool True"},
                {false, "bool False"},
                {(byte) 1, "int 1"},
                {(short) -2, "int -2"},
                {3, "int 3"},
                {Long.MIN_VALUE, "int -9223372036854775808"},
                {70000L, "int 70000"},
                {BigInteger.ONE.shiftLeft(100), "int 1267650600228229401496703205376"},
                {BigInteger.ONE.shiftLeft(64).negate(), "int -18446744073709551616"},
                {1.5, "float 1.5"},
                {0.1f, "float 0.10000000149011612"},
                {-0.0, "float -0.0"},
                {Double.NaN, "float nan"},
                {Double.NEGATIVE_INFINITY, "float -inf"},
                {"é😀", "str 'é😀'"},
                {"", "str ''"},
                {'c', "str 'c'"},
                {new byte[] {0, (byte) 0xff}, "bytes b'\\x00\\xff'"},
                {new byte[0], "bytes b''"},
                {big, "bytes b'" + "\\x00".repeat(299) + "\\x07'"},
                {PyTuple.of(), "tuple ()"},
                {PyTuple.of(1), "tuple (1,)"},
                {PyTuple.of(1, "a", null), "tuple (1, 'a', None)"},
                {PyTuple.of(1, 2, 3, 4, PyTuple.of(5)), "tuple (1, 2, 3, 4, (5,))"},
                {List.of(), "list []"},
                {List.of(1, List.of(2)), "list [1, [2]]"},
                {order, "dict {'b': 1, 'a': 2}"},
                {tupleKey, "dict {(1, 2): [3], frozenset({'f'}): None}"},
                {new LinkedHashSet<>(List.of(1, 2, 3)), "set {1, 2, 3}"},
                {new LinkedHashSet<>(), "set set()"},
                {PyFrozenSet.of(1), "frozenset frozenset({1})"},
                {PyFrozenSet.of(), "frozenset frozenset()"},
                {new ArrayList<>(List.of(one, one)), "list [[1], [1]] shared=True"},
                {new ArrayList<>(List.of(new ArrayList<>(one), new ArrayList<>(one))), "list [[1], [1]] shared=False"},
                {self, "list [[...]]"},
        };
        StringBuilder stdin = new StringBuilder();
        for (Object[] c : cases) {
            stdin.append(CPython.hex(PickleSerializer.standard().dumps(c[0]))).append('\n');
        }
        String[] lines = CPython.runWith(python, PY_REPR, stdin.toString()).split("\n");
        assertEquals(cases.length, lines.length, String.join("\n", lines));
        for (int i = 0; i < cases.length; i++) {
            assertEquals(cases[i][1], lines[i], python + ": case " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("pythons")
    void theProtocolHeaderIsThree(String python) throws Exception {
        String out = CPython.runWith(python, "import pickletools,sys\n"
                + "data = bytes.fromhex(sys.stdin.read().strip())\n"
                + "ops = list(pickletools.genops(data))\n"
                + "print(ops[0][0].name, ops[0][1], max(op.proto for op, _, _ in ops))",
                CPython.hex(PickleSerializer.standard().dumps(List.of(new byte[] {1}, PyTuple.of(1), new LinkedHashSet<>(List.of(1))))));
        assertEquals("PROTO 3 3", out.trim(), "no opcode newer than the header");
        assertFalse(out.contains("__builtin__"));
    }
}
