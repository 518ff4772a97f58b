package org.multiprocessing4j.managers;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The proxy of a managed {@code list}: Python's {@code ListProxy}, and a {@link List}. Each
 * method is one call to the manager, by CPython's method names ({@code size()} is
 * {@code __len__}, {@code get(i)} {@code __getitem__}, {@code add(x)} {@code append}…), so the
 * list is shared by every process that holds a proxy of it. Iteration and bulk methods work
 * on a copy taken in one call ({@link #getValue()}), as a Python loop over a list proxy would
 * not: a list that changes meanwhile is not seen changing.
 *
 * <pre>{@code
 * ListProxy<Integer> list = manager.list();
 * Process p = new Process(() -> list.add(42));   // the child's proxy reaches the same list
 * }</pre>
 *
 * <p>Indices are Java's: a negative one is an {@link IndexOutOfBoundsException}, not Python's
 * count from the end. Elements travel by value: a mutable element changed after {@code get}
 * changes only the copy (as in CPython).
 */
public final class ListProxy<E> extends AbstractList<E> implements CoreProxy, RandomAccess, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient AutoProxy core;

    ListProxy(AutoProxy core) {
        this.core = core;
    }

    private static void checkIndex(int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("Index " + index + " out of bounds");
        }
    }

    /** Python's {@code len(l)}. */
    @Override
    public int size() {
        return ((Number) Unchecked.call(core, "__len__")).intValue();
    }

    /** Python's {@code l[index]}. */
    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        checkIndex(index);
        return (E) Unchecked.call(core, "__getitem__", index);
    }

    /**
     * Python's {@code l[index] = element}, returning the element it replaced (one call; two to a
     * CPython manager, whose list has no such method).
     */
    @Override
    @SuppressWarnings("unchecked")
    public E set(int index, E element) {
        checkIndex(index);
        if (core.managerIsCPython()) {
            E old = (E) Unchecked.call(core, "__getitem__", index);
            Unchecked.call(core, "__setitem__", index, element);
            return old;
        }
        return (E) Unchecked.call(core, "set", index, element);
    }

    /** Python's {@code l.append(element)}. */
    @Override
    public boolean add(E element) {
        Unchecked.call(core, "append", element);
        return true;
    }

    /** Python's {@code l.insert(index, element)}. */
    @Override
    public void add(int index, E element) {
        checkIndex(index);
        Unchecked.call(core, "insert", index, element);
    }

    /** Python's {@code l.pop(index)}. */
    @Override
    @SuppressWarnings("unchecked")
    public E remove(int index) {
        checkIndex(index);
        return (E) Unchecked.call(core, "pop", index);
    }

    /** Python's {@code l.remove(o)}: false where Python raises ValueError. */
    @Override
    public boolean remove(Object o) {
        try {
            Unchecked.call(core, "remove", o);
            return true;
        } catch (IllegalArgumentException notThere) {
            return false;
        }
    }

    /** Python's {@code l.extend(items)}: one call. */
    @Override
    public boolean addAll(Collection<? extends E> items) {
        Unchecked.call(core, "extend", new ArrayList<>(items));
        return !items.isEmpty();
    }

    /** Python's {@code x in l}. */
    @Override
    public boolean contains(Object o) {
        return (Boolean) Unchecked.call(core, "__contains__", o);
    }

    /** Python's {@code l.index(o)}: -1 where Python raises ValueError. */
    @Override
    public int indexOf(Object o) {
        try {
            return ((Number) Unchecked.call(core, "index", o)).intValue();
        } catch (IllegalArgumentException notThere) {
            return -1;
        }
    }

    /** Python's {@code l.count(o)}. */
    public int count(Object o) {
        return ((Number) Unchecked.call(core, "count", o)).intValue();
    }

    /** Python's {@code l.reverse()}. */
    public void reverse() {
        Unchecked.call(core, "reverse");
    }

    /** Python's {@code del l[:]}: one call. */
    @Override
    public void clear() {
        Unchecked.call(core, "__imul__", 0);
    }

    /**
     * Python's {@code l.sort()}, in the manager: natural order for null, else {@code comparator},
     * which must then be serializable (it runs in the manager's process).
     */
    @Override
    public void sort(Comparator<? super E> comparator) {
        if (comparator == null) {
            Unchecked.call(core, "sort");
        } else {
            core.callMethod("sort", List.of(), Map.of("key", comparator));
        }
    }

    /** A copy of the whole list, in one call: Python's {@code l._getvalue()}. */
    @Override
    public List<Object> getValue() {
        @SuppressWarnings("unchecked")
        List<Object> copy = (List<Object>) core.getValue();
        return copy;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object[] toArray() {
        return getValue().toArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public java.util.Iterator<E> iterator() {
        return (java.util.Iterator<E>) java.util.Collections.unmodifiableList(getValue()).iterator();
    }

    /** The proxy that talks to the manager, which holds the reference. */
    @Override
    public AutoProxy core() {
        return core;
    }

    private Object writeReplace() throws ObjectStreamException {
        return core.writeReplace();
    }
}
