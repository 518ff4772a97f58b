package org.multiprocessing4j.serialization.pickle;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Facts about the values this codec maps, shared by the reader, the writer and the types. */
final class PyValues {

    private PyValues() {
    }

    /**
     * The value can never change in a way that changes its hash code. {@code byte[]} counts: its
     * hash code is its identity.
     */
    static boolean isDeeplyImmutable(Object o) {
        return o == null
                || o instanceof String
                || o instanceof Long
                || o instanceof Boolean
                || o instanceof Double
                || o instanceof BigInteger
                || o instanceof Integer
                || o instanceof Short
                || o instanceof Byte
                || o instanceof Float
                || o instanceof Character
                || o instanceof byte[]
                || (o instanceof PyTuple t && t.isDeeplyImmutable())
                || (o instanceof PyFrozenSet f && f.isDeeplyImmutable());
    }

    /** Python could use the value as a dict key or a set element. */
    static boolean isPyHashable(Object o) {
        if (o instanceof PyTuple t) {
            return t.isPyHashable();
        }
        if (o instanceof PyFrozenSet) {
            return true;
        }
        return !(o instanceof List || o instanceof Map || o instanceof Set);
    }

    /** The Python type name of an unhashable value, for messages. */
    static String pyTypeName(Object o) {
        if (o instanceof PyTuple) {
            return "tuple";
        }
        if (o instanceof List) {
            return "list";
        }
        if (o instanceof Map) {
            return "dict";
        }
        if (o instanceof Set) {
            return "set";
        }
        return o == null ? "NoneType" : o.getClass().getName();
    }

    /** A lower bound of the nesting depth that is known without walking mutable containers. */
    static int depthOf(Object o) {
        if (o instanceof PyTuple t) {
            return t.depth();
        }
        if (o instanceof PyFrozenSet f) {
            return f.depth();
        }
        return (o instanceof List || o instanceof Map || o instanceof Set) ? 1 : 0;
    }

    /** A Python-like repr for toString(); not used on the wire. */
    static String repr(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (o instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (o instanceof byte[] bytes) {
            StringBuilder sb = new StringBuilder("b'");
            for (byte x : bytes) {
                int c = x & 0xff;
                if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c));
                }
            }
            return sb.append('\'').toString();
        }
        return String.valueOf(o);
    }
}
