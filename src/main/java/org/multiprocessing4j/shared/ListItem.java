package org.multiprocessing4j.shared;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The kinds of item a {@link ShareableList} holds, with CPython 3.11's {@code struct} format and
 * "back transform" code for each ({@code ShareableList._types_mapping} and
 * {@code _back_transforms_mapping}), so that the bytes are the ones CPython writes and reads.
 */
enum ListItem {
    /** Python's {@code int}. */
    INT("q", 0),
    /** Python's {@code float}. */
    FLOAT("d", 0),
    /** Python's {@code bool}: seven pad bytes, then the flag. */
    BOOL("xxxxxxx?", 0),
    /** Python's {@code None}: CPython packs {@code False} after six pad bytes, then one more pad. */
    NONE("xxxxxx?x", 3),
    /** Python's {@code str}, UTF-8 encoded, NUL padded to its slot's width. */
    STR("s", 1),
    /** Python's {@code bytes}, NUL padded to its slot's width. */
    BYTES("s", 2);

    /** CPython's {@code _alignment}: every slot is a multiple of it. */
    static final int ALIGNMENT = 8;

    private final String format;
    private final byte code;

    ListItem(String format, int code) {
        this.format = format;
        this.code = (byte) code;
    }

    /**
     * The kind that holds {@code value}.
     *
     * @throws IllegalArgumentException for a type CPython's ShareableList cannot hold
     */
    static ListItem of(Object value) {
        if (value == null) {
            return NONE;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return INT;
        }
        if (value instanceof Double || value instanceof Float) {
            return FLOAT;
        }
        if (value instanceof Boolean) {
            return BOOL;
        }
        if (value instanceof String) {
            return STR;
        }
        if (value instanceof byte[]) {
            return BYTES;
        }
        throw new IllegalArgumentException("a ShareableList holds Long, Integer, Short, Byte, Double, Float, Boolean, "
                + "String, byte[] and null, not " + value.getClass().getName() + " (" + value + ")");
    }

    /**
     * The kind stored under {@code format} and {@code code}.
     *
     * @throws IllegalStateException for a pair CPython's ShareableList never writes
     */
    static ListItem stored(String format, byte code) {
        for (ListItem kind : values()) {
            if (kind.code == code && (kind.isSized() ? format.endsWith("s") : kind.format.equals(format))) {
                return kind;
            }
        }
        throw new IllegalStateException("not a ShareableList item: format '" + format + "' with back transform code " + code);
    }

    /** Whether the item's width is its own (str, bytes) rather than one slot of 8 bytes. */
    boolean isSized() {
        return this == STR || this == BYTES;
    }

    /** CPython's back transform code. */
    byte code() {
        return code;
    }

    /** The struct format of an item of this kind in a slot of {@code width} bytes. */
    String format(int width) {
        return isSized() ? width + "s" : format;
    }

    /**
     * The width CPython gives a new item of {@code packedLength} bytes: one slot, or for str and
     * bytes the next multiple of 8 above their length (so at least one NUL ends them).
     */
    int widthFor(int packedLength) {
        return isSized() ? ALIGNMENT * (packedLength / ALIGNMENT + 1) : ALIGNMENT;
    }

    /** The bytes stored for {@code value} (of this kind), before padding to the slot's width. */
    byte[] pack(Object value) {
        switch (this) {
            case STR:
                return ((String) value).getBytes(StandardCharsets.UTF_8);
            case BYTES:
                return ((byte[]) value).clone();
            default:
                ByteBuffer slot = ByteBuffer.allocate(ALIGNMENT).order(ByteOrder.nativeOrder());
                if (this == INT) {
                    slot.putLong(0, ((Number) value).longValue());
                } else if (this == FLOAT) {
                    slot.putDouble(0, ((Number) value).doubleValue());
                } else if (this == BOOL) {
                    slot.put(ALIGNMENT - 1, (byte) ((Boolean) value ? 1 : 0));
                }
                return slot.array();
        }
    }

    /** The value stored at {@code offset} of {@code buffer} (native order) in {@code width} bytes. */
    Object unpack(ByteBuffer buffer, int offset, int width) {
        switch (this) {
            case INT:
                return buffer.getLong(offset);
            case FLOAT:
                return buffer.getDouble(offset);
            case BOOL:
                return buffer.get(offset + ALIGNMENT - 1) != 0;
            case NONE:
                return null;
            default:
                byte[] bytes = new byte[width];
                buffer.get(offset, bytes);
                int end = width;
                // CPython's back transforms strip every trailing NUL, the item's own ones too.
                while (end > 0 && bytes[end - 1] == 0) {
                    end--;
                }
                return this == BYTES ? Arrays.copyOf(bytes, end) : utf8(bytes, end);
        }
    }

    private static String utf8(byte[] bytes, int length) {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, length));
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a str item of the ShareableList is not valid UTF-8 (CPython raises "
                    + "UnicodeDecodeError): " + e, e);
        }
    }
}
