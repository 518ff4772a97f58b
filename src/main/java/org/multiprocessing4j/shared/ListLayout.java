package org.multiprocessing4j.shared;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a {@link ShareableList}'s parts lie in its segment, as CPython 3.11 lays them out
 * (native byte order, every number 8 bytes):
 * <pre>
 * n | offset[0] .. offset[n] | data area | n formats of 8 bytes, NUL padded | n back transform codes
 * </pre>
 * {@code offset[i]} is where item i starts in the data area, {@code offset[n]} its end, so that
 * item i has {@code offset[i + 1] - offset[i]} bytes: its <em>allocated</em> width, fixed for life.
 */
final class ListLayout {
    /** A format is stored in 8 bytes, so CPython refuses longer ones (str/bytes over 9,999,991 bytes). */
    private static final int FORMAT_BYTES = 8;
    private static final int MAX_WIDTH = 9_999_992;

    private final int length;
    private final int[] offsets;

    private ListLayout(int[] offsets) {
        this.length = offsets.length - 1;
        this.offsets = offsets;
    }

    /** The layout of new items of these widths, packed one after another. */
    static ListLayout ofWidths(int[] widths) {
        int[] offsets = new int[widths.length + 1];
        long end = 0;
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] > MAX_WIDTH) {
                throw new IllegalArgumentException("item " + i + " is too long for a ShareableList: its format would not fit "
                        + "in " + FORMAT_BYTES + " bytes (str and bytes items hold at most " + (MAX_WIDTH - 1) + " bytes)");
            }
            end += widths[i];
            if (end > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the items are too large for one shared memory segment");
            }
            offsets[i + 1] = (int) end;
        }
        return new ListLayout(offsets);
    }

    /**
     * The layout a segment holds, checked against its size.
     *
     * @throws IllegalArgumentException if the header cannot be a ShareableList's
     */
    static ListLayout read(ByteBuffer buffer) {
        int size = buffer.limit();
        long length = size >= Long.BYTES ? buffer.getLong(0) : -1;
        if (length < 0 || length > size / Long.BYTES - 2) {
            throw notAList("its length field reads " + length + " in a segment of " + size + " bytes");
        }
        int[] offsets = new int[(int) length + 1];
        for (int i = 0; i <= length; i++) {
            long offset = buffer.getLong((i + 1) * Long.BYTES);
            if (offset < (i == 0 ? 0 : offsets[i - 1]) || offset > size) {
                throw notAList("item offset " + i + " reads " + offset);
            }
            offsets[i] = (int) offset;
        }
        ListLayout layout = new ListLayout(offsets);
        if (layout.segmentSize() > size) {
            throw notAList("its " + length + " items need more than the segment's " + size + " bytes");
        }
        return layout;
    }

    private static IllegalArgumentException notAList(String why) {
        return new IllegalArgumentException("the shared memory does not hold a ShareableList: " + why);
    }

    /** The bytes a segment needs for this layout. */
    long segmentSize() {
        return (length + 2L) * Long.BYTES + offsets[length] + (long) length * (FORMAT_BYTES + 1);
    }

    /** Writes the length and the offsets. */
    void writeHeader(ByteBuffer buffer) {
        buffer.putLong(0, length);
        for (int i = 0; i <= length; i++) {
            buffer.putLong((i + 1) * Long.BYTES, offsets[i]);
        }
    }

    /** The number of items. */
    int length() {
        return length;
    }

    /** Item {@code index}'s allocated width in bytes. */
    int width(int index) {
        return offsets[index + 1] - offsets[index];
    }

    /** Item {@code index}, as its format and back transform code say. */
    Object get(ByteBuffer buffer, int index) {
        ListItem kind = ListItem.stored(format(buffer, index), buffer.get(codesStart() + index));
        return kind.unpack(buffer, dataStart() + offsets[index], width(index));
    }

    /**
     * Stores {@code value} as item {@code index}: its format, its code, then its bytes, NUL
     * padded to the format's width, as CPython's {@code __setitem__} does.
     *
     * @throws IllegalArgumentException if a str or bytes value needs more than the item's width
     */
    void put(ByteBuffer buffer, int index, Object value) {
        ListItem kind = ListItem.of(value);
        byte[] packed = kind.pack(value);
        if (packed.length > width(index)) {
            throw new IllegalArgumentException("bytes/str item exceeds available storage (" + packed.length
                    + " bytes for item " + index + ", which has " + width(index) + ")");
        }
        String format = kind.format(width(index));
        buffer.put(formatsStart() + index * FORMAT_BYTES, Arrays.copyOf(format.getBytes(StandardCharsets.US_ASCII), FORMAT_BYTES));
        buffer.put(codesStart() + index, kind.code());
        int data = dataStart() + offsets[index];
        int end = data + (kind.isSized() ? width(index) : ListItem.ALIGNMENT);
        buffer.put(data, packed);
        buffer.put(data + packed.length, new byte[end - data - packed.length]);
    }

    /** Item {@code index}'s struct format, as stored. */
    String format(ByteBuffer buffer, int index) {
        byte[] stored = new byte[FORMAT_BYTES];
        buffer.get(formatsStart() + index * FORMAT_BYTES, stored);
        int end = FORMAT_BYTES;
        while (end > 0 && stored[end - 1] == 0) {
            end--;
        }
        return new String(stored, 0, end, StandardCharsets.US_ASCII);
    }

    // Positions fit an int once segmentSize() has been checked against the segment.
    private int dataStart() {
        return (length + 2) * Long.BYTES;
    }

    private int formatsStart() {
        return dataStart() + offsets[length];
    }

    private int codesStart() {
        return formatsStart() + length * FORMAT_BYTES;
    }
}
