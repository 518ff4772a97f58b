package org.multiprocessing4j.internal.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a scalar is and how each is laid out after its tag ({@link Tags}): {@code null},
 * booleans, the boxed primitives, {@code String} and {@code byte[]}. The single definition that
 * {@link PlainOutput}, {@link PlainInput} and a queue's element (which copies a scalar's bytes
 * straight into its frames, without a writer) share.
 *
 * <p>Numbers are in the machine's own byte order: writer and reader always share the machine
 * (a queue's shared memory, a pool's pipes to its own workers, a child's boot pipe), and lists
 * of numbers are then copied in bulk without swapping. A string comes back exactly, lone
 * surrogates too, as object serialization would bring it back (see {@link #lengthWord}).
 */
public final class Scalars {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final boolean LITTLE_ENDIAN = ORDER == ByteOrder.LITTLE_ENDIAN;
    private static final char LATIN1_MAX = '\u00ff';
    /**
     * UTF-16 strings up to this length are copied char by char; longer ones through a char
     * array in bulk, whose set-up (two buffers, an array) costs more than a short loop saves.
     */
    private static final int SHORT_STRING = 32;

    private Scalars() {
    }

    /** The byte order of every number in plain data. */
    public static ByteOrder order() {
        return ORDER;
    }

    /** The tag of {@code value} if it is a scalar, else -1. */
    public static int tagOf(Object value) {
        if (value == null) {
            return Tags.NULL;
        }
        Class<?> type = value.getClass();
        if (type == Integer.class) {
            return Tags.INT;
        } else if (type == Long.class) {
            return Tags.LONG;
        } else if (type == Double.class) {
            return Tags.DOUBLE;
        } else if (type == String.class) {
            return Tags.STRING;
        } else if (type == Boolean.class) {
            return (Boolean) value ? Tags.TRUE : Tags.FALSE;
        } else if (type == byte[].class) {
            return Tags.BYTES;
        } else if (type == Float.class) {
            return Tags.FLOAT;
        } else if (type == Short.class) {
            return Tags.SHORT;
        } else if (type == Byte.class) {
            return Tags.BYTE;
        } else if (type == Character.class) {
            return Tags.CHAR;
        }
        return -1;
    }

    /** The bytes after the tag of a fixed-size scalar; -1 for a string or a byte array (a length, then content), or a tag that is no scalar's. */
    public static int fixedSize(int tag) {
        switch (tag) {
            case Tags.NULL: case Tags.FALSE: case Tags.TRUE: return 0;
            case Tags.BYTE: return 1;
            case Tags.SHORT: case Tags.CHAR: return 2;
            case Tags.INT: case Tags.FLOAT: return 4;
            case Tags.LONG: case Tags.DOUBLE: return 8;
            default: return -1;
        }
    }

    /** The bytes after the tag of any scalar: {@link #fixedSize}, or the length and the content. */
    public static long bodySize(int tag, Object value) {
        int fixed = fixedSize(tag);
        if (fixed >= 0) {
            return fixed;
        }
        return Integer.BYTES + (tag == Tags.STRING ? contentSize(lengthWord((String) value)) : ((byte[]) value).length);
    }

    /** The bits that stand for a fixed-size scalar of {@code tag} (floating point: the raw bits, NaN payloads kept). */
    public static long bits(int tag, Object value) {
        switch (tag) {
            case Tags.BYTE: return (Byte) value;
            case Tags.SHORT: return (Short) value;
            case Tags.CHAR: return (Character) value;
            case Tags.INT: return (Integer) value;
            case Tags.LONG: return (Long) value;
            case Tags.FLOAT: return Float.floatToRawIntBits((Float) value);
            case Tags.DOUBLE: return Double.doubleToRawLongBits((Double) value);
            default: return 0;
        }
    }

    /** The scalar of a fixed-size {@code tag} whose bits are {@code bits}. */
    static Object fromBits(int tag, long bits) {
        switch (tag) {
            case Tags.NULL: return null;
            case Tags.FALSE: return Boolean.FALSE;
            case Tags.TRUE: return Boolean.TRUE;
            case Tags.BYTE: return (byte) bits;
            case Tags.SHORT: return (short) bits;
            case Tags.CHAR: return (char) bits;
            case Tags.INT: return (int) bits;
            case Tags.LONG: return bits;
            case Tags.FLOAT: return Float.intBitsToFloat((int) bits);
            case Tags.DOUBLE: return Double.longBitsToDouble(bits);
            default: throw new IllegalArgumentException("not the tag of a fixed-size scalar: " + tag);
        }
    }

    /** Writes the low {@code size} bytes (0, 1, 2, 4 or 8) of {@code bits} at {@code at}. */
    public static void putBits(byte[] target, int at, int size, long bits) {
        switch (size) {
            case 0: break;
            case 1: target[at] = (byte) bits; break;
            case 2: putBytes(target, at, Short.BYTES, bits); break;
            case 4: putBytes(target, at, Integer.BYTES, bits); break;
            case 8: putBytes(target, at, Long.BYTES, bits); break;
            default: throw new IllegalArgumentException("no scalar is " + size + " bytes long");
        }
    }

    /** Reads what {@link #putBits} wrote. */
    static long getBits(byte[] source, int at, int size) {
        switch (size) {
            case 0: return 0;
            case 1: return source[at];
            case 2: return (short) getBytes(source, at, Short.BYTES);
            case 4: return (int) getBytes(source, at, Integer.BYTES);
            case 8: return getBytes(source, at, Long.BYTES);
            default: throw new IllegalArgumentException("no scalar is " + size + " bytes long");
        }
    }

    /**
     * Writes the low {@code size} bytes of {@code bits} in the machine's order, all or none: a
     * range outside {@code target} throws {@link IndexOutOfBoundsException} before any is
     * written. Byte by byte rather than through the JDK's byte-array views ({@code VarHandle}s):
     * a JVM's first use of those costs it 4-10 ms of processor time (an empty JVM that makes and
     * uses the four views this class had: 31-37 ms against 27-28), paid by every child, which
     * reads its entry with this class; the JIT unrolls these loops for the constant sizes.
     */
    private static void putBytes(byte[] target, int at, int size, long bits) {
        Objects.checkFromIndexSize(at, size, target.length);
        for (int i = 0; i < size; i++) {
            target[at + i] = (byte) (bits >>> shift(i, size));
        }
    }

    /** The {@code size} bytes at {@code at} in the machine's order, as {@link #putBytes} wrote them. */
    private static long getBytes(byte[] source, int at, int size) {
        Objects.checkFromIndexSize(at, size, source.length);
        long bits = 0;
        for (int i = 0; i < size; i++) {
            bits |= (source[at + i] & 0xffL) << shift(i, size);
        }
        return bits;
    }

    /** Where byte {@code i} of a {@code size}-byte number sits in it, in bits. */
    private static int shift(int i, int size) {
        return Byte.SIZE * (LITTLE_ENDIAN ? i : size - 1 - i);
    }

    /**
     * The word written before a string's content: its length when every char is Latin-1
     * (U+0000 to U+00FF), written one byte a char; minus its length when it is written as
     * UTF-16 code units. Most strings are Latin-1, and the JDK then holds them as bytes already:
     * they are copied as they are, the fastest copy and the shortest, where UTF-16 would double
     * them and UTF-8 (the JDK's encoder) would replace a lone surrogate with {@code '?'}.
     */
    public static int lengthWord(String string) {
        int length = string.length();
        for (int i = 0; i < length; i++) {
            if (string.charAt(i) > LATIN1_MAX) {
                return -length;
            }
        }
        return length;
    }

    /** The bytes of content after a string's {@link #lengthWord}. */
    public static long contentSize(int lengthWord) {
        return lengthWord >= 0 ? lengthWord : -(long) lengthWord * Character.BYTES;
    }

    /** Writes {@code string}'s content, as its {@link #lengthWord} says, at {@code at}. */
    @SuppressWarnings("deprecation") // the one JDK method that copies a string's low bytes into an existing array
    public static void putString(String string, int lengthWord, byte[] target, int at) {
        int length = string.length();
        if (lengthWord >= 0) {
            // Every char fits a byte (lengthWord says so): none is cut.
            string.getBytes(0, length, target, at);
        } else if (length <= SHORT_STRING) {
            for (int i = 0; i < length; i++) {
                putBytes(target, at + Character.BYTES * i, Character.BYTES, string.charAt(i));
            }
        } else {
            char[] chars = new char[length];
            string.getChars(0, length, chars, 0);
            ByteBuffer.wrap(target, at, Character.BYTES * length).order(ORDER).asCharBuffer().put(chars);
        }
    }

    /** The string whose content, as {@code lengthWord} says, is at {@code at}; the caller has checked it is there. */
    static String getString(byte[] source, int at, int lengthWord) {
        if (lengthWord >= 0) {
            return new String(source, at, lengthWord, StandardCharsets.ISO_8859_1);
        }
        int length = -lengthWord;
        char[] chars = new char[length];
        if (length <= SHORT_STRING) {
            for (int i = 0; i < length; i++) {
                chars[i] = (char) getBytes(source, at + Character.BYTES * i, Character.BYTES);
            }
        } else {
            ByteBuffer.wrap(source, at, Character.BYTES * length).order(ORDER).asCharBuffer().get(chars);
        }
        return new String(chars);
    }
}
