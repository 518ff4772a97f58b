package org.multiprocessing4j.internal.codec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plain values: the {@link Scalars}, and the JDK's lists, sets, maps and arrays of plain values,
 * each of exactly one known class, which is the class it comes back as ({@code ArrayList},
 * {@code LinkedList}, {@code List.of}'s lists, {@code Arrays.asList}, {@code HashMap},
 * {@code LinkedHashMap}, {@code TreeMap} and {@code TreeSet} in natural order, {@code HashSet},
 * {@code LinkedHashSet}, {@code Set.of}, {@code Map.of}, {@code Object[]}, {@code String[]},
 * primitive arrays). Anything else, and any graph that shares a container (or contains itself)
 * or nests more than {@link #MAX_DEPTH} deep, is not plain: it goes to the serializer, which
 * keeps shared references. Reading runs no code but the JDK's collections' own
 * ({@code hashCode}, {@code equals}, {@code compareTo} of plain values), checks every count
 * against the bytes left before allocating, and bounds the depth.
 *
 * <p>This is what keeps object streams (and the cold start of a serialization library) off the
 * common paths: a tuple-like {@code List.of(12345, "hello", List.of(1.5, 2.5))} is 38 bytes
 * here, written and read in well under a microsecond, against 224 bytes and tens of
 * microseconds as a JDK stream.
 */
public final class PlainValues {
    /** Containers nested deeper than this are left to the serializer (and refused on reading). */
    public static final int MAX_DEPTH = 100;
    /** Containers a message may hold before the writer tracks them in a hash table instead of an array. */
    private static final int SMALL_GRAPH = 16;

    private static final Class<?> LIST12 = List.of(1).getClass();
    private static final Class<?> LIST_N = List.of().getClass();
    private static final Class<?> SET12 = Set.of(1).getClass();
    private static final Class<?> SET_N = Set.of().getClass();
    private static final Class<?> MAP1 = Map.of(1, 1).getClass();
    private static final Class<?> MAP_N = Map.of().getClass();
    private static final Class<?> ARRAYS_LIST = Arrays.asList().getClass();

    private PlainValues() {
    }

    /**
     * The tag of {@code value}'s container class, or -1 if it is not one of them (whether its
     * content is plain is not checked).
     */
    public static int containerTag(Object value) {
        Class<?> type = value.getClass();
        if (type == ArrayList.class) {
            return Tags.ARRAY_LIST;
        } else if (type == LIST12 || type == LIST_N) {
            return Tags.IMMUTABLE_LIST;
        } else if (type == HashMap.class) {
            return Tags.HASH_MAP;
        } else if (type == Object[].class) {
            return Tags.OBJECT_ARRAY;
        } else if (type == LinkedHashMap.class) {
            return Tags.LINKED_HASH_MAP;
        } else if (type == MAP1 || type == MAP_N) {
            return Tags.IMMUTABLE_MAP;
        } else if (type == HashSet.class) {
            return Tags.HASH_SET;
        } else if (type == LinkedHashSet.class) {
            return Tags.LINKED_HASH_SET;
        } else if (type == SET12 || type == SET_N) {
            return Tags.IMMUTABLE_SET;
        } else if (type == ARRAYS_LIST) {
            return Tags.ARRAYS_LIST;
        } else if (type == LinkedList.class) {
            return Tags.LINKED_LIST;
        } else if (type == TreeMap.class) {
            return ((TreeMap<?, ?>) value).comparator() == null ? Tags.TREE_MAP : -1;
        } else if (type == TreeSet.class) {
            return ((TreeSet<?>) value).comparator() == null ? Tags.TREE_SET : -1;
        } else if (type == String[].class) {
            return Tags.STRING_ARRAY;
        } else if (type == int[].class) {
            return Tags.INT_ARRAY;
        } else if (type == long[].class) {
            return Tags.LONG_ARRAY;
        } else if (type == double[].class) {
            return Tags.DOUBLE_ARRAY;
        } else if (type == float[].class) {
            return Tags.FLOAT_ARRAY;
        } else if (type == short[].class) {
            return Tags.SHORT_ARRAY;
        } else if (type == char[].class) {
            return Tags.CHAR_ARRAY;
        } else if (type == boolean[].class) {
            return Tags.BOOLEAN_ARRAY;
        }
        return -1;
    }

    /**
     * Writes {@code value}'s body (what follows its tag) and returns its tag; -1 if it is not a
     * plain value, and then what was written is garbage, to be dropped.
     */
    public static int writeBody(Object value, PlainOutput out) {
        int tag = Scalars.tagOf(value);
        if (tag >= 0) {
            writeScalarBody(tag, value, out);
            return tag;
        }
        Writer writer = new Writer(out);
        tag = containerTag(value);
        return tag >= 0 && writer.container(tag, value, 0) ? tag : -1;
    }

    /**
     * Writes {@code value} tagged.
     *
     * @return false if it is not a plain value (what was written is then garbage)
     */
    public static boolean write(Object value, PlainOutput out) {
        int at = out.position();
        out.writeByte(0);
        int tag = writeBody(value, out);
        if (tag < 0) {
            return false;
        }
        out.setByte(at, tag);
        return true;
    }

    private static void writeScalarBody(int tag, Object value, PlainOutput out) {
        int size = Scalars.fixedSize(tag);
        if (size > 0) {
            switch (size) {
                case 1: out.writeByte((Byte) value); break;
                case 2: out.writeShort((int) Scalars.bits(tag, value)); break;
                case 4: out.writeInt((int) Scalars.bits(tag, value)); break;
                default: out.writeLong(Scalars.bits(tag, value)); break;
            }
        } else if (tag == Tags.STRING) {
            out.writeString((String) value);
        } else if (tag == Tags.BYTES) {
            out.writeBytes((byte[]) value);
        }
    }

    /**
     * A writer for one message: it remembers the containers written, so that one shared between
     * two values of the message, or containing itself, makes it not plain.
     */
    public static Writer writer(PlainOutput out) {
        return new Writer(out);
    }

    /** One message's writer: the containers seen so far, so that a shared or cyclic one is noticed. */
    public static final class Writer {
        private final PlainOutput out;
        private Object[] seen;
        private int seenCount;
        private IdentityHashMap<Object, Boolean> seenMany;

        Writer(PlainOutput out) {
            this.out = out;
        }

        /**
         * Writes {@code value} tagged.
         *
         * @return false if it is not a plain value, or shares a container with what this writer
         *         wrote before (what was written is then garbage)
         */
        public boolean write(Object value) {
            return element(value, 0);
        }

        /** False if {@code container} was seen before in this message. */
        private boolean firstVisit(Object container) {
            if (seenMany != null) {
                return seenMany.put(container, Boolean.TRUE) == null;
            }
            if (seen == null) {
                seen = new Object[4];
            }
            for (int i = 0; i < seenCount; i++) {
                if (seen[i] == container) {
                    return false;
                }
            }
            if (seenCount == SMALL_GRAPH) {
                seenMany = new IdentityHashMap<>();
                for (Object o : seen) {
                    seenMany.put(o, Boolean.TRUE);
                }
                seenMany.put(container, Boolean.TRUE);
                return true;
            }
            if (seenCount == seen.length) {
                seen = Arrays.copyOf(seen, seen.length * 2);
            }
            seen[seenCount++] = container;
            return true;
        }

        /** Writes a tagged element. */
        private boolean element(Object value, int depth) {
            int tag = Scalars.tagOf(value);
            if (tag >= 0) {
                if (tag == Tags.BYTES && !firstVisit(value)) {
                    return false; // a shared byte array: the serializer keeps the sharing
                }
                out.writeByte(tag);
                writeScalarBody(tag, value, out);
                return true;
            }
            tag = containerTag(value);
            if (tag < 0) {
                return false;
            }
            out.writeByte(tag);
            return container(tag, value, depth + 1);
        }

        private boolean container(int tag, Object value, int depth) {
            if (depth >= MAX_DEPTH || !firstVisit(value)) {
                return false;
            }
            switch (tag) {
                case Tags.OBJECT_ARRAY: {
                    Object[] array = (Object[]) value;
                    out.writeInt(array.length);
                    for (Object item : array) {
                        if (!element(item, depth)) {
                            return false;
                        }
                    }
                    return true;
                }
                case Tags.STRING_ARRAY: {
                    String[] array = (String[]) value;
                    out.writeInt(array.length);
                    for (String item : array) {
                        if (item == null) {
                            out.writeByte(Tags.NULL);
                        } else {
                            out.writeByte(Tags.STRING);
                            out.writeString(item);
                        }
                    }
                    return true;
                }
                case Tags.INT_ARRAY: {
                    int[] array = (int[]) value;
                    out.writeInt(array.length);
                    out.writeInts(array);
                    return true;
                }
                case Tags.LONG_ARRAY: {
                    long[] array = (long[]) value;
                    out.writeInt(array.length);
                    out.writeLongs(array);
                    return true;
                }
                case Tags.DOUBLE_ARRAY: {
                    double[] array = (double[]) value;
                    out.writeInt(array.length);
                    out.writeDoubles(array);
                    return true;
                }
                case Tags.FLOAT_ARRAY: {
                    float[] array = (float[]) value;
                    out.writeInt(array.length);
                    out.writeFloats(array);
                    return true;
                }
                case Tags.SHORT_ARRAY: {
                    short[] array = (short[]) value;
                    out.writeInt(array.length);
                    out.writeShorts(array);
                    return true;
                }
                case Tags.CHAR_ARRAY: {
                    char[] array = (char[]) value;
                    out.writeInt(array.length);
                    out.writeChars(array);
                    return true;
                }
                case Tags.BOOLEAN_ARRAY: {
                    boolean[] array = (boolean[]) value;
                    out.writeInt(array.length);
                    for (boolean b : array) {
                        out.writeBoolean(b);
                    }
                    return true;
                }
                case Tags.HASH_MAP: case Tags.LINKED_HASH_MAP: case Tags.TREE_MAP: case Tags.IMMUTABLE_MAP: {
                    Map<?, ?> map = (Map<?, ?>) value;
                    int size = map.size();
                    out.writeInt(size);
                    int written = 0;
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        if (!element(entry.getKey(), depth) || !element(entry.getValue(), depth)) {
                            return false;
                        }
                        written++;
                    }
                    return written == size; // changed by another thread meanwhile: not plain
                }
                case Tags.IMMUTABLE_LIST: {
                    List<?> list = (List<?>) value;
                    int size = list.size();
                    out.writeInt(size);
                    for (int i = 0; i < size; i++) {
                        Object item = list.get(i);
                        // Stream.toList() makes the same class and allows null; List.of does not.
                        if (item == null || !element(item, depth)) {
                            return false;
                        }
                    }
                    return true;
                }
                default: {
                    Collection<?> collection = (Collection<?>) value;
                    int size = collection.size();
                    out.writeInt(size);
                    int written = 0;
                    for (Object item : collection) {
                        if (!element(item, depth)) {
                            return false;
                        }
                        written++;
                    }
                    return written == size;
                }
            }
        }
    }

    /**
     * Reads a tagged plain value.
     *
     * @throws IOException if the bytes are truncated or corrupt, or nest deeper than {@link #MAX_DEPTH}
     */
    public static Object read(PlainInput in) throws IOException {
        return readBody(in.readByte(), in, 0);
    }

    /**
     * Reads the body of a plain value whose tag was read already.
     *
     * @throws IOException if {@code tag} is no plain value's, or the bytes are truncated or corrupt
     */
    public static Object readBody(int tag, PlainInput in) throws IOException {
        return readBody(tag, in, 0);
    }

    private static Object readBody(int tag, PlainInput in, int depth) throws IOException {
        if (!Tags.isContainer(tag)) {
            return in.readScalarBody(tag);
        }
        if (depth >= MAX_DEPTH) {
            throw new IOException("plain data is corrupt: containers nested more than " + MAX_DEPTH + " deep");
        }
        try {
            return container(tag, in, depth + 1);
        } catch (RuntimeException e) {
            // What a collection refused while it was built: a duplicate in Set.of, keys that do
            // not compare in a TreeMap, a null in List.of. Corrupt bytes, since a writer never
            // writes such a thing.
            throw new IOException("plain data is corrupt: " + e, e);
        }
    }

    private static Object element(PlainInput in, int depth) throws IOException {
        return readBody(in.readByte(), in, depth);
    }

    private static Object container(int tag, PlainInput in, int depth) throws IOException {
        switch (tag) {
            case Tags.ARRAY_LIST: {
                int n = in.readCount(1, "list items");
                ArrayList<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(element(in, depth));
                }
                return list;
            }
            case Tags.LINKED_LIST: {
                int n = in.readCount(1, "list items");
                LinkedList<Object> list = new LinkedList<>();
                for (int i = 0; i < n; i++) {
                    list.add(element(in, depth));
                }
                return list;
            }
            case Tags.IMMUTABLE_LIST:
                return List.of(elements(in, depth));
            case Tags.ARRAYS_LIST:
                return Arrays.asList(elements(in, depth));
            case Tags.OBJECT_ARRAY:
                return elements(in, depth);
            case Tags.HASH_MAP: {
                int n = in.readCount(2, "map entries");
                return fill(new HashMap<>(hashCapacity(n)), n, in, depth);
            }
            case Tags.LINKED_HASH_MAP: {
                int n = in.readCount(2, "map entries");
                return fill(new LinkedHashMap<>(hashCapacity(n)), n, in, depth);
            }
            case Tags.TREE_MAP:
                return fill(new TreeMap<>(), in.readCount(2, "map entries"), in, depth);
            case Tags.IMMUTABLE_MAP: {
                int n = in.readCount(2, "map entries");
                @SuppressWarnings({"unchecked", "rawtypes"})
                Map.Entry<Object, Object>[] entries = new Map.Entry[n];
                for (int i = 0; i < n; i++) {
                    entries[i] = Map.entry(element(in, depth), element(in, depth));
                }
                return Map.ofEntries(entries);
            }
            case Tags.HASH_SET: {
                int n = in.readCount(1, "set elements");
                return fill(new HashSet<>(hashCapacity(n)), n, in, depth);
            }
            case Tags.LINKED_HASH_SET: {
                int n = in.readCount(1, "set elements");
                return fill(new LinkedHashSet<>(hashCapacity(n)), n, in, depth);
            }
            case Tags.TREE_SET:
                return fill(new TreeSet<>(), in.readCount(1, "set elements"), in, depth);
            case Tags.IMMUTABLE_SET:
                return Set.of(elements(in, depth));
            case Tags.STRING_ARRAY: {
                String[] array = new String[in.readCount(1, "strings")];
                for (int i = 0; i < array.length; i++) {
                    byte elementTag = in.readByte();
                    if (elementTag == Tags.STRING) {
                        array[i] = in.readString();
                    } else if (elementTag != Tags.NULL) {
                        throw new IOException("plain data is corrupt: " + elementTag + " in a String[]");
                    }
                }
                return array;
            }
            case Tags.INT_ARRAY: {
                int[] array = new int[in.readCount(Integer.BYTES, "ints")];
                in.readInts(array);
                return array;
            }
            case Tags.LONG_ARRAY: {
                long[] array = new long[in.readCount(Long.BYTES, "longs")];
                in.readLongs(array);
                return array;
            }
            case Tags.DOUBLE_ARRAY: {
                double[] array = new double[in.readCount(Double.BYTES, "doubles")];
                in.readDoubles(array);
                return array;
            }
            case Tags.FLOAT_ARRAY: {
                float[] array = new float[in.readCount(Float.BYTES, "floats")];
                in.readFloats(array);
                return array;
            }
            case Tags.SHORT_ARRAY: {
                short[] array = new short[in.readCount(Short.BYTES, "shorts")];
                in.readShorts(array);
                return array;
            }
            case Tags.CHAR_ARRAY: {
                char[] array = new char[in.readCount(Character.BYTES, "chars")];
                in.readChars(array);
                return array;
            }
            case Tags.BOOLEAN_ARRAY: {
                boolean[] array = new boolean[in.readCount(1, "booleans")];
                for (int i = 0; i < array.length; i++) {
                    array[i] = in.readBoolean();
                }
                return array;
            }
            default:
                throw new IOException("plain data is corrupt: " + tag + " is not the tag of a plain value");
        }
    }

    private static Object[] elements(PlainInput in, int depth) throws IOException {
        Object[] array = new Object[in.readCount(1, "elements")];
        for (int i = 0; i < array.length; i++) {
            array[i] = element(in, depth);
        }
        return array;
    }

    private static Map<Object, Object> fill(Map<Object, Object> map, int n, PlainInput in, int depth) throws IOException {
        for (int i = 0; i < n; i++) {
            map.put(element(in, depth), element(in, depth));
        }
        return map;
    }

    private static Set<Object> fill(Set<Object> set, int n, PlainInput in, int depth) throws IOException {
        for (int i = 0; i < n; i++) {
            set.add(element(in, depth));
        }
        return set;
    }

    /** The capacity a HashMap needs for {@code n} keys without growing (HashMap.newHashMap of JDK 19). */
    private static int hashCapacity(int n) {
        return (int) Math.min(Integer.MAX_VALUE - 8, (long) Math.ceil(n / 0.75));
    }
}
