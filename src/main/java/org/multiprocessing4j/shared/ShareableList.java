package org.multiprocessing4j.shared;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A list of fixed length in a {@link SharedMemory} segment: CPython's
 * {@code multiprocessing.shared_memory.ShareableList}, byte for byte. A Java process can attach
 * by name to a list that CPython created, and CPython to one that Java created.
 *
 * <p>Items are {@code null} (Python's {@code None}), {@code Boolean}, integers ({@code Long},
 * {@code Integer}, {@code Short}, {@code Byte}: stored as a 64-bit {@code q} and read back as
 * {@code Long}, as Python's {@code int}), floating point numbers ({@code Double},
 * {@code Float}: read back as {@code Double}), {@code String} (Python's {@code str}, UTF-8) and
 * {@code byte[]} (Python's {@code bytes}). Each item keeps the storage it had when the list was
 * made: 8 bytes, or for a str or bytes the next multiple of 8 above its length. Any item may be
 * replaced by a value of any type that fits there; a longer str or bytes does not. As in
 * CPython, trailing NUL characters and bytes of a str or bytes item are lost.
 *
 * <p>The list is a {@link java.util.List} whose {@link #set} works and whose size never changes
 * ({@code add} and {@code remove} throw {@link UnsupportedOperationException}). Indices are
 * Java's: 0 to {@code size() - 1}, no negative ones. {@link #count}, {@link #index} and
 * {@link #contains} compare integers and floats after widening them (so {@code 1} finds an item
 * written as {@code 1L}) and byte arrays by content; {@code equals} is {@code List}'s, where
 * arrays compare by identity. There is no lock, as in CPython.
 *
 * <p>{@code close()} ends this process's use of the segment; {@code getShm().unlink()} removes a
 * named one. A list on a named segment travels by name when serialized (as CPython pickles it),
 * so a child or a connection's peer attaches to it; one on an anonymous segment (no name given)
 * reaches children by inheritance at {@code start()}.
 */
public final class ShareableList extends AbstractList<Object> implements RandomAccess, AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient SharedMemory shm;
    private final transient ByteBuffer buffer;
    private final transient ListLayout layout;

    /** A list of {@code sequence}'s items in a new anonymous segment; see {@link #ShareableList(List, String)}. */
    public ShareableList(List<?> sequence) {
        this(sequence, null);
    }

    /**
     * CPython's {@code ShareableList(sequence, name=name)}: a new segment holding the items of
     * {@code sequence}.
     *
     * @param name the segment's name, which CPython's {@code ShareableList(name=...)} attaches
     *             to; null for an anonymous segment, which only children reach
     * @throws IllegalArgumentException if an item is of a type the list cannot hold, or a str or
     *                                  bytes item is longer than 9,999,991 bytes
     * @throws java.io.UncheckedIOException as {@link SharedMemory#SharedMemory(String, boolean, long)}
     *                                      (for instance if the name exists)
     */
    public ShareableList(List<?> sequence, String name) {
        this(created(sequence, name));
        try {
            for (int i = 0; i < layout.length(); i++) {
                layout.put(buffer, i, sequence.get(i));
            }
        } catch (RuntimeException e) {
            discard(shm, name != null);
            throw e;
        }
    }

    private ShareableList(SharedMemory shm) {
        this.shm = shm;
        this.buffer = shm.getBuffer().order(ByteOrder.nativeOrder());
        this.layout = ListLayout.read(buffer);
    }

    /**
     * CPython's {@code ShareableList(name=name)}: the list in the named segment, which a Java or
     * CPython process made.
     *
     * @throws IllegalArgumentException if the segment does not hold a ShareableList
     * @throws java.io.UncheckedIOException (a {@link java.nio.file.NoSuchFileException}) if there is no such name
     */
    public static ShareableList attach(String name) {
        SharedMemory shm = SharedMemory.attach(Objects.requireNonNull(name, "name"));
        try {
            return new ShareableList(shm);
        } catch (RuntimeException e) {
            shm.close();
            throw e;
        }
    }

    /** A segment with the header of a list of {@code sequence}'s items, whose items are still to be written. */
    private static SharedMemory created(List<?> sequence, String name) {
        int[] widths = new int[sequence.size()];
        for (int i = 0; i < widths.length; i++) {
            ListItem kind = ListItem.of(sequence.get(i));
            widths[i] = kind.widthFor(kind.pack(sequence.get(i)).length);
        }
        ListLayout layout = ListLayout.ofWidths(widths);
        SharedMemory shm = new SharedMemory(name, true, layout.segmentSize());
        layout.writeHeader(shm.getBuffer().order(ByteOrder.nativeOrder()));
        return shm;
    }

    private static void discard(SharedMemory shm, boolean named) {
        shm.close();
        if (named) {
            shm.unlink();
        }
    }

    /**
     * Item {@code index}: CPython's {@code sl[index]}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     * @throws IllegalStateException     after {@link #close()}
     */
    @Override
    public Object get(int index) {
        return layout.get(buffer(), Objects.checkIndex(index, layout.length()));
    }

    /**
     * Replaces item {@code index}: CPython's {@code sl[index] = value}. Any type the list holds
     * may replace any other, as long as a str or bytes fits the item's storage.
     *
     * @return the item it replaced, or null if that was a str cut inside a character (which
     *         CPython 3.11 does to non-ASCII text longer than its storage) and so unreadable
     * @throws IllegalArgumentException  "bytes/str item exceeds available storage", as CPython, or
     *                                   for a type the list cannot hold; the item is unchanged
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    @Override
    public Object set(int index, Object value) {
        Object previous;
        try {
            previous = get(index);
        } catch (IllegalStateException unreadable) {
            // CPython can overwrite an item it cannot read back; so must we.
            previous = null;
        }
        layout.put(buffer(), index, value);
        return previous;
    }

    /** The number of items, fixed for life: CPython's {@code len(sl)}. */
    @Override
    public int size() {
        return layout.length();
    }

    /** How many items equal {@code value}: CPython's {@code sl.count(value)}; see the class comment on equality. */
    public int count(Object value) {
        int count = 0;
        for (Object item : this) {
            count += same(value, item) ? 1 : 0;
        }
        return count;
    }

    /**
     * The index of the first item equal to {@code value}: CPython's {@code sl.index(value)}.
     *
     * @throws NoSuchElementException if there is none (CPython's {@code ValueError})
     */
    public int index(Object value) {
        int index = indexOf(value);
        if (index < 0) {
            throw new NoSuchElementException(PythonRepr.of(value) + " not in this container");
        }
        return index;
    }

    /** The index of the first item equal to {@code value} (see the class comment on equality), or -1. */
    @Override
    public int indexOf(Object value) {
        for (int i = 0; i < size(); i++) {
            if (same(value, get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether an item equals {@code value}: CPython's {@code value in sl}; see the class comment on equality. */
    @Override
    public boolean contains(Object value) {
        return indexOf(value) >= 0;
    }

    /** The index of the last item equal to {@code value} (see the class comment on equality), or -1. */
    @Override
    public int lastIndexOf(Object value) {
        for (int i = size() - 1; i >= 0; i--) {
            if (same(value, get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean same(Object query, Object item) {
        if (query instanceof byte[] && item instanceof byte[]) {
            return Arrays.equals((byte[]) query, (byte[]) item);
        }
        return Objects.equals(widened(query), item);
    }

    /** A value as the list reads it back: integers as Long, floats as Double. */
    private static Object widened(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        return value;
    }

    /**
     * The struct formats of all the items, joined: CPython's {@code sl.format}, for instance
     * {@code "qdxxxxxxx?xxxxxx?x8s"}.
     */
    public String getFormat() {
        StringBuilder format = new StringBuilder();
        ByteBuffer view = buffer();
        for (int i = 0; i < size(); i++) {
            format.append(layout.format(view, i));
        }
        return format.toString();
    }

    /** The segment that holds the list: CPython's {@code sl.shm} (unlink a named one through it). */
    public SharedMemory getShm() {
        return shm;
    }

    /** Ends this process's use of the segment ({@code sl.shm.close()}); the name, if any, stays. */
    @Override
    public void close() {
        shm.close();
    }

    private ByteBuffer buffer() {
        if (shm.isClosed()) {
            throw new IllegalStateException("the ShareableList's shared memory is closed");
        }
        return buffer;
    }

    /** CPython's repr: {@code ShareableList([1, 'a', None], name='psm_1')}, {@code name=None} when anonymous. */
    @Override
    public String toString() {
        String name = shm.getName() == null ? "None" : PythonRepr.of(shm.getName());
        return "ShareableList(" + (shm.isClosed() ? "<closed>" : PythonRepr.ofList(this)) + ", name=" + name + ")";
    }

    /** The list travels as its segment does (by name, or by inheritance), and is attached to where it arrives. */
    private Object writeReplace() {
        return new Handed(shm);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("ShareableList is rebuilt from its serialized form only");
    }

    private static final class Handed implements Serializable {
        private static final long serialVersionUID = 1L;
        private final SharedMemory shm;

        Handed(SharedMemory shm) {
            this.shm = shm;
        }

        private Object readResolve() {
            return new ShareableList(shm);
        }
    }
}
