package org.multiprocessing4j.internal.codec;

/**
 * The one set of tags of plain data: the first byte of every scalar, list layout and envelope
 * that queues, pools and the boot pipe write. No two tags share a number, so a reader handed
 * bytes meant for another reader fails on the tag instead of misreading them.
 */
public final class Tags {
    /** The scalar {@code null}, with no bytes after it. */
    public static final byte NULL = 0;
    /** {@code Boolean.FALSE}, with no bytes after it. */
    public static final byte FALSE = 1;
    /** {@code Boolean.TRUE}, with no bytes after it. */
    public static final byte TRUE = 2;
    /** A {@code Byte}: 1 byte. */
    public static final byte BYTE = 3;
    /** A {@code Short}: 2 bytes. */
    public static final byte SHORT = 4;
    /** A {@code Character}: 2 bytes. */
    public static final byte CHAR = 5;
    /** An {@code Integer}: 4 bytes. */
    public static final byte INT = 6;
    /** A {@code Long}: 8 bytes. */
    public static final byte LONG = 7;
    /** A {@code Float}: its 4 raw bits. */
    public static final byte FLOAT = 8;
    /** A {@code Double}: its 8 raw bits. */
    public static final byte DOUBLE = 9;
    /** A {@code String}: its length word (4 bytes, see {@link Scalars#lengthWord}), then its Latin-1 bytes or UTF-16 units. */
    public static final byte STRING = 10;
    /** A {@code byte[]}: its length (4 bytes), then its bytes. */
    public static final byte BYTES = 11;

    /** A list: its size (4 bytes), then each item as a tagged scalar. */
    public static final byte LIST = 16;
    /** A list of {@code Integer}s only: its size, then the untagged ints, copied in bulk. */
    public static final byte INTS = 17;
    /** A list of {@code Long}s only: its size, then the untagged longs, copied in bulk. */
    public static final byte LONGS = 18;
    /** A list of {@code Double}s only: its size, then the untagged doubles, copied in bulk. */
    public static final byte DOUBLES = 19;
    /** A list of {@code String}s only: its size, then each string untagged. */
    public static final byte STRINGS = 20;

    /*
     * Containers of plain values ({@link PlainValues}): each of exactly one JDK class, which it
     * comes back as. A list, set or array: its count (4 bytes), then each element tagged; a map:
     * its count, then each key and value tagged; a primitive array: its count, then its
     * elements untagged, in bulk.
     */
    /** An {@code ArrayList}. */
    public static final byte ARRAY_LIST = 32;
    /** A {@code LinkedList}. */
    public static final byte LINKED_LIST = 33;
    /** An immutable list of {@code List.of} (no null element). */
    public static final byte IMMUTABLE_LIST = 34;
    /** The fixed-size list of {@code Arrays.asList}. */
    public static final byte ARRAYS_LIST = 35;
    /** A {@code HashMap}. */
    public static final byte HASH_MAP = 36;
    /** A {@code LinkedHashMap} in insertion order. */
    public static final byte LINKED_HASH_MAP = 37;
    /** A {@code TreeMap} in natural order. */
    public static final byte TREE_MAP = 38;
    /** An immutable map of {@code Map.of}. */
    public static final byte IMMUTABLE_MAP = 39;
    /** A {@code HashSet}. */
    public static final byte HASH_SET = 40;
    /** A {@code LinkedHashSet}. */
    public static final byte LINKED_HASH_SET = 41;
    /** A {@code TreeSet} in natural order. */
    public static final byte TREE_SET = 42;
    /** An immutable set of {@code Set.of}. */
    public static final byte IMMUTABLE_SET = 43;
    /** An {@code Object[]}. */
    public static final byte OBJECT_ARRAY = 44;
    /** A {@code String[]}: each element a tagged string or null. */
    public static final byte STRING_ARRAY = 45;
    /** An {@code int[]}. */
    public static final byte INT_ARRAY = 46;
    /** A {@code long[]}. */
    public static final byte LONG_ARRAY = 47;
    /** A {@code double[]}. */
    public static final byte DOUBLE_ARRAY = 48;
    /** A {@code float[]}. */
    public static final byte FLOAT_ARRAY = 49;
    /** A {@code short[]}. */
    public static final byte SHORT_ARRAY = 50;
    /** A {@code char[]}. */
    public static final byte CHAR_ARRAY = 51;
    /** A {@code boolean[]}: a byte, 0 or 1, each. */
    public static final byte BOOLEAN_ARRAY = 52;

    /** An envelope holding a compact form (a lambda, a child's entry) written by its own writer. */
    public static final byte COMPACT = 30;
    /** An envelope holding the bytes of a {@link org.multiprocessing4j.serialization.Serializer}, to its end. */
    public static final byte SERIALIZED = 31;

    /** Whether {@code tag} is a container's ({@link #ARRAY_LIST} to {@link #BOOLEAN_ARRAY}). */
    public static boolean isContainer(int tag) {
        return tag >= ARRAY_LIST && tag <= BOOLEAN_ARRAY;
    }

    private Tags() {
    }
}
