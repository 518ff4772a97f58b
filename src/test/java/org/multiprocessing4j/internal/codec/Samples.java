package org.multiprocessing4j.internal.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Scalars for the codec's tests: the edge values of every type, random ones, and how to compare them exactly. */
final class Samples {
    private Samples() {
    }

    /** Every scalar type with its edge values. */
    static List<Object> edgeValues() {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < allBytes.length; i++) {
            allBytes[i] = (byte) i;
        }
        return new ArrayList<>(Arrays.asList(
                null, true, false,
                (byte) 0, Byte.MIN_VALUE, Byte.MAX_VALUE,
                (short) 0, Short.MIN_VALUE, Short.MAX_VALUE,
                'a', '\0', '\uffff', '\ud800',
                0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
                0L, Long.MIN_VALUE, Long.MAX_VALUE,
                0f, -0f, Float.NaN, Float.intBitsToFloat(0x7fc0_1234), Float.MIN_VALUE, Float.NEGATIVE_INFINITY,
                0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8_0000_dead_beefL), Double.MIN_VALUE,
                Double.POSITIVE_INFINITY, Double.MAX_VALUE,
                "", "a", "é€", "𝄞 a surrogate pair", "\ud800 a lone high surrogate", "a lone low one \udc00",
                "é ÿ Latin-1 beyond ASCII", "\u0100 just past Latin-1", "\u4e2d".repeat(32), "\u4e2d".repeat(33),
                "z".repeat(70_000), "\u4e2d".repeat(40_000),
                new byte[0], allBytes, new byte[100_000]));
    }

    /**
     * A random scalar of any type: random bits, random lengths, strings of ASCII, of Latin-1 and
     * of any UTF-16 unit (lone surrogates too).
     */
    static Object random(Random random) {
        switch (random.nextInt(12)) {
            case 0: return null;
            case 1: return random.nextBoolean();
            case 2: return (byte) random.nextInt();
            case 3: return (short) random.nextInt();
            case 4: return (char) random.nextInt();
            case 5: return random.nextInt();
            case 6: return random.nextLong();
            case 7: return Float.intBitsToFloat(random.nextInt());
            case 8: return Double.longBitsToDouble(random.nextLong());
            case 9: {
                char[] chars = new char[length(random)];
                for (int i = 0; i < chars.length; i++) {
                    int kind = random.nextInt(8);
                    chars[i] = kind == 0 ? (char) random.nextInt() : kind == 1 ? (char) random.nextInt(256)
                            : (char) (' ' + random.nextInt(95));
                }
                return new String(chars);
            }
            case 10: {
                byte[] bytes = new byte[length(random)];
                random.nextBytes(bytes);
                return bytes;
            }
            default: return random.nextInt(100);
        }
    }

    /** Mostly short, sometimes past the codec's bulk threshold, now and then long. */
    private static int length(Random random) {
        int kind = random.nextInt(10);
        return kind < 6 ? random.nextInt(8) : kind < 9 ? random.nextInt(200) : random.nextInt(20_000);
    }

    /** Checks that {@code actual} is {@code expected} exactly: same type, same bits (NaN payloads, -0.0). */
    static void assertSame(Object expected, Object actual, String context) {
        assertEquals(expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass(), context);
        if (expected instanceof byte[]) {
            assertArrayEquals((byte[]) expected, (byte[]) actual, context);
        } else if (expected instanceof Float) {
            assertEquals(Float.floatToRawIntBits((Float) expected), Float.floatToRawIntBits((Float) actual), context);
        } else if (expected instanceof Double) {
            assertEquals(Double.doubleToRawLongBits((Double) expected), Double.doubleToRawLongBits((Double) actual), context);
        } else {
            assertEquals(expected, actual, context);
        }
    }

    /** How a failure names a value: long ones by type and length. */
    static String describe(Object value) {
        if (value instanceof byte[]) {
            return "byte[" + ((byte[]) value).length + "]";
        }
        if (value instanceof String && ((String) value).length() > 40) {
            return "a string of " + ((String) value).length() + " chars";
        }
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    /** {@code value} written alone by {@link PlainOutput#writeScalar}. */
    static byte[] encode(Object value) {
        PlainOutput out = new PlainOutput(0, 16);
        out.writeScalar(value);
        return out.toArray();
    }
}
