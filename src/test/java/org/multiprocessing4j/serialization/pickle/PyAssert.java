package org.multiprocessing4j.serialization.pickle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Deep equality that also checks the exact Java types of the mapping. */
final class PyAssert {

    private PyAssert() {
    }

    static void assertPyEquals(Object expected, Object actual) {
        assertPyEquals(expected, actual, "value");
    }

    static void assertPyEquals(Object expected, Object actual, String where) {
        if (expected == null) {
            assertEquals(null, actual, where);
        } else if (expected instanceof byte[] e) {
            assertArrayEquals(e, assertInstanceOf(byte[].class, actual, where), where);
        } else if (expected instanceof PyTuple e) {
            PyTuple a = assertInstanceOf(PyTuple.class, actual, where);
            assertSequence(e, a, where);
        } else if (expected instanceof List<?> e) {
            assertEquals(ArrayList.class, actual == null ? null : actual.getClass(), where + " type");
            assertSequence(e, (List<?>) actual, where);
        } else if (expected instanceof PyFrozenSet e) {
            assertEquals(e, assertInstanceOf(PyFrozenSet.class, actual, where), where);
        } else if (expected instanceof Set<?> e) {
            assertEquals(LinkedHashSet.class, actual == null ? null : actual.getClass(), where + " type");
            assertEquals(e, actual, where);
        } else if (expected instanceof Map<?, ?> e) {
            assertEquals(LinkedHashMap.class, actual == null ? null : actual.getClass(), where + " type");
            Map<?, ?> a = (Map<?, ?>) actual;
            assertEquals(e.size(), a.size(), where + " size");
            Iterator<? extends Map.Entry<?, ?>> ai = a.entrySet().iterator();
            for (Map.Entry<?, ?> ee : e.entrySet()) {
                Map.Entry<?, ?> ae = ai.next();
                assertPyEquals(ee.getKey(), ae.getKey(), where + " key (in order)");
                assertPyEquals(ee.getValue(), ae.getValue(), where + "[" + ee.getKey() + "]");
            }
        } else {
            if (actual == null) {
                fail(where + ": expected " + expected + " but was null");
            }
            assertEquals(expected.getClass(), actual.getClass(), where + " type");
            assertEquals(expected, actual, where);
        }
    }

    private static void assertSequence(List<?> e, List<?> a, String where) {
        assertEquals(e.size(), a.size(), where + " size");
        for (int i = 0; i < e.size(); i++) {
            assertPyEquals(e.get(i), a.get(i), where + "[" + i + "]");
        }
    }
}
