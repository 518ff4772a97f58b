package org.multiprocessing4j.shared;

import org.multiprocessing4j.internal.platform.Platform;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The type codes of CPython's {@code array} module and sharedctypes' {@code 'c'}, as
 * {@link Value} and {@link Array} (and their raw forms) lay them out in shared memory: the C
 * type's size and this platform's byte order, so that the bytes read as CPython's would. Each
 * code holds one Java type: the smallest that holds every value of the C type, except the
 * unsigned 64-bit ones, which hold their bits in a {@code long} (read them with
 * {@link Long#toUnsignedString(long)}). Values too wide for the C type are truncated to its bits,
 * as ctypes does.
 */
public enum Typecode {
    /** {@code signed char}. */
    BYTE('b', Byte.class, 1),
    /** {@code unsigned char}. */
    UNSIGNED_BYTE('B', Integer.class, 1),
    /** {@code short}. */
    SHORT('h', Short.class, 2),
    /** {@code unsigned short}. */
    UNSIGNED_SHORT('H', Integer.class, 2),
    /** {@code int}. */
    INT('i', Integer.class, 4),
    /** {@code unsigned int}. */
    UNSIGNED_INT('I', Long.class, 4),
    /** {@code long}: 8 bytes on Linux and macOS, 4 on Windows. */
    LONG('l', Long.class, 0),
    /** {@code unsigned long}: 8 bytes on Linux and macOS (its bits in a {@code long}), 4 on Windows. */
    UNSIGNED_LONG('L', Long.class, 0),
    /** {@code long long}. */
    LONG_LONG('q', Long.class, 8),
    /** {@code unsigned long long} (its bits in a {@code long}). */
    UNSIGNED_LONG_LONG('Q', Long.class, 8),
    /** {@code float}. */
    FLOAT('f', Float.class, 4),
    /** {@code double}. */
    DOUBLE('d', Double.class, 8),
    /** {@code wchar_t}, one character: 4 bytes (a code point) on Linux and macOS, 2 on Windows. */
    WCHAR('u', Character.class, 0),
    /**
     * {@code char} as ctypes' {@code c_char}: one byte that Python reads as a {@code bytes} of length
     * 1 (sharedctypes' {@code 'c'}; not a code of the array module). An array of them has a
     * {@code value} and a {@code raw} ({@link RawArray#getValueBytes()}, {@link RawArray#getRaw()}).
     */
    CHAR('c', Byte.class, 1),
    /** {@code Py_UCS4}, one character in 4 bytes on every platform: the array module's {@code 'w'} (Python 3.13). */
    UCS4('w', Character.class, 4);

    private static final String CODES = "b, B, c, u, w, h, H, i, I, l, L, q, Q, f or d";

    private final char code;
    private final Class<?> javaType;
    private final int fixedSize;

    Typecode(char code, Class<?> javaType, int fixedSize) {
        this.code = code;
        this.javaType = javaType;
        this.fixedSize = fixedSize;
    }

    /**
     * The type code for a one-character code ("i", "d", ...).
     *
     * @throws IllegalArgumentException for any other string, with CPython's message
     */
    public static Typecode of(String code) {
        if (code != null && code.length() == 1) {
            for (Typecode typecode : values()) {
                if (typecode.code == code.charAt(0)) {
                    return typecode;
                }
            }
        }
        throw new IllegalArgumentException("bad typecode (must be " + CODES + "), not " + quoted(code));
    }

    /**
     * The type code that holds a Java type, as CPython's sharedctypes take a ctypes type:
     * {@code Byte} b, {@code Short} h, {@code Integer} i, {@code Long} q, {@code Float} f,
     * {@code Double} d, {@code Character} u.
     *
     * @throws IllegalArgumentException for any other class
     */
    public static Typecode of(Class<?> type) {
        for (Typecode typecode : new Typecode[] {BYTE, SHORT, INT, LONG_LONG, FLOAT, DOUBLE, WCHAR}) {
            if (typecode.javaType == type) {
                return typecode;
            }
        }
        throw new IllegalArgumentException("no typecode holds " + (type == null ? "null" : type.getName())
                + "; use Byte, Short, Integer, Long, Float, Double or Character, or a typecode (" + CODES + ")");
    }

    private static String quoted(String code) {
        return code == null ? "null" : "'" + code + "'";
    }

    /** The one-character code. */
    public char code() {
        return code;
    }

    /** The Java type of the values. */
    public Class<?> javaType() {
        return javaType;
    }

    /** The size in bytes of one value on this platform. */
    public int size() {
        if (fixedSize != 0) {
            return fixedSize;
        }
        return this == WCHAR ? Platform.wcharSize() : Platform.cLongSize();
    }

    /** Whether a value is one character ({@code 'u'}, {@code 'w'}), so that an array of them holds text. */
    boolean isText() {
        return this == WCHAR || this == UCS4;
    }

    /** The zero of the Java type, what a fresh shared value holds. */
    Object zero() {
        return read(ByteBuffer.allocate(8), 0);
    }

    /** Checks that {@code value} is of the Java type, and returns it. */
    Object check(Object value) {
        if (!javaType.isInstance(value)) {
            throw new IllegalArgumentException("typecode '" + code + "' holds " + javaType.getSimpleName() + " values, not "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
        return value;
    }

    /**
     * Reads the value at byte {@code offset} of {@code buffer}, in the buffer's byte order: what
     * {@code array.array(typecode, machine_bytes)} holds there (CPython pickles an array that way).
     *
     * @return a value of {@link #javaType()}
     */
    public Object read(ByteBuffer buffer, int offset) {
        switch (this) {
            case BYTE:
            case CHAR:
                return buffer.get(offset);
            case UNSIGNED_BYTE:
                return buffer.get(offset) & 0xff;
            case SHORT:
                return buffer.getShort(offset);
            case UNSIGNED_SHORT:
                return buffer.getShort(offset) & 0xffff;
            case INT:
                return buffer.getInt(offset);
            case UNSIGNED_INT:
                return buffer.getInt(offset) & 0xffff_ffffL;
            case LONG:
                return size() == 8 ? buffer.getLong(offset) : (long) buffer.getInt(offset);
            case UNSIGNED_LONG:
                return size() == 8 ? buffer.getLong(offset) : buffer.getInt(offset) & 0xffff_ffffL;
            case LONG_LONG:
            case UNSIGNED_LONG_LONG:
                return buffer.getLong(offset);
            case FLOAT:
                return buffer.getFloat(offset);
            case DOUBLE:
                return buffer.getDouble(offset);
            case WCHAR:
            case UCS4:
                int unit = size() == 2 ? buffer.getShort(offset) & 0xffff : buffer.getInt(offset);
                if (unit < 0 || unit > Character.MAX_VALUE) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "the wchar_t U+%X is outside the characters a Java char holds", unit));
                }
                return (char) unit;
            default:
                throw new AssertionError(this);
        }
    }

    /** Writes {@code value} (of the Java type) at byte {@code offset} of {@code buffer}. */
    void write(ByteBuffer buffer, int offset, Object value) {
        check(value);
        if (isText()) {
            char c = (Character) value;
            if (size() == 2) {
                buffer.putShort(offset, (short) c);
            } else {
                buffer.putInt(offset, c);
            }
            return;
        }
        Number number = (Number) value;
        switch (size()) {
            case 1:
                buffer.put(offset, number.byteValue());
                break;
            case 2:
                buffer.putShort(offset, number.shortValue());
                break;
            case 4:
                if (this == FLOAT) {
                    buffer.putFloat(offset, number.floatValue());
                } else {
                    buffer.putInt(offset, (int) number.longValue());
                }
                break;
            default:
                if (this == DOUBLE) {
                    buffer.putDouble(offset, number.doubleValue());
                } else {
                    buffer.putLong(offset, number.longValue());
                }
        }
    }
}
