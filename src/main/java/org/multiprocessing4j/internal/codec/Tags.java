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

    /** An envelope holding a compact form (a lambda, a child's entry) written by its own writer. */
    public static final byte COMPACT = 30;
    /** An envelope holding the bytes of a {@link org.multiprocessing4j.serialization.Serializer}, to its end. */
    public static final byte SERIALIZED = 31;

    private Tags() {
    }
}
