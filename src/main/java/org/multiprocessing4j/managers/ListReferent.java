package org.multiprocessing4j.managers;

import org.multiprocessing4j.serialization.pickle.PySlice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A managed {@code list}: Python's list methods, with Python's errors (IndexError as
 * {@link IndexOutOfBoundsException}, ValueError as {@link IllegalArgumentException}, negative
 * indices from the end, slices as {@link PySlice}), over a list of this process. Stored proxies are kept while stored and
 * released when removed.
 */
final class ListReferent extends BuiltinReferent {
    /** CPython's {@code ListProxy._exposed_}, and {@code set} for Java's {@code List.set}. */
    static final List<String> EXPOSED = List.of("__add__", "__contains__", "__delitem__", "__getitem__", "__len__",
            "__mul__", "__reversed__", "__rmul__", "__setitem__", "append", "count", "extend", "index", "insert",
            "pop", "remove", "reverse", "sort", "__imul__", "set");

    private final List<Object> list;

    ListReferent(List<Object> list) {
        super(EXPOSED);
        this.list = list;
        Nested.keep(list);
    }

    @Override
    public synchronized Object call(String method, List<Object> args, Map<String, Object> kwds) {
        switch (method) {
            case "__len__":
                return list.size();
            case "__getitem__":
                Args.count(args, method, 1);
                if (args.get(0) instanceof PySlice) {
                    return Sequences.slice(list, (PySlice) args.get(0));
                }
                return list.get(index(args, method, list.size()));
            case "__setitem__":
            case "set":
                return set(args, method);
            case "__delitem__":
                Args.count(args, method, 1);
                if (args.get(0) instanceof PySlice) {
                    return Outcome.dropped(Sequences.deleteSlice(list, (PySlice) args.get(0)));
                }
                return Outcome.dropped(list.remove(index(args, method, list.size())));
            case "append":
                Args.count(args, method, 1);
                Nested.keep(args.get(0));
                list.add(args.get(0));
                return null;
            case "extend":
                Args.count(args, method, 1);
                Nested.keep(args.get(0));
                list.addAll(Sequences.toList(args.get(0)));
                return null;
            case "insert":
                Args.count(args, method, 2);
                Nested.keep(args.get(1));
                list.add(Math.max(0, Math.min(list.size(), Sequences.position(args.get(0), list.size()))), args.get(1));
                return null;
            case "pop":
                Args.between(args, method, 0, 1);
                if (list.isEmpty()) {
                    throw new IndexOutOfBoundsException("pop from empty list");
                }
                return Outcome.removed(list.remove(args.isEmpty() ? list.size() - 1 : index(args, method, list.size())));
            case "remove":
                Args.count(args, method, 1);
                return Outcome.dropped(list.remove(indexOf(args.get(0))));
            case "index":
                Args.between(args, method, 1, 3);
                return indexOf(args.get(0));
            case "count":
                Args.count(args, method, 1);
                return (int) list.stream().filter(x -> Objects.equals(x, args.get(0))).count();
            case "__contains__":
                Args.count(args, method, 1);
                return list.contains(args.get(0));
            case "reverse":
                Collections.reverse(list);
                return null;
            case "sort":
                sort(kwds);
                return null;
            case "__add__":
                Args.count(args, method, 1);
                List<Object> sum = new ArrayList<>(list);
                sum.addAll(Sequences.toList(args.get(0)));
                return sum;
            case "__mul__":
            case "__rmul__":
                return repeated(Args.integer(args.get(0), "can't multiply sequence by non-int"));
            case "__imul__":
                List<Object> times = repeated(Args.integer(args.get(0), "can't multiply sequence by non-int"));
                list.clear();
                list.addAll(times);
                return new ArrayList<>(list);
            case "__reversed__":
                List<Object> reversed = new ArrayList<>(list);
                Collections.reverse(reversed);
                return reversed;
            default:
                throw new UnsupportedOperationException("list has no method '" + method + "'");
        }
    }

    /** {@code __setitem__} (releases the value it replaces) or Java's {@code set} (returns it, released after the reply). */
    private Object set(List<Object> args, String method) {
        Args.count(args, method, 2);
        if (args.get(0) instanceof PySlice && "__setitem__".equals(method)) {
            List<Object> items = iterable(args.get(1));
            Nested.keep(items);
            Nested.release(Sequences.assignSlice(list, (PySlice) args.get(0), items));
            return null;
        }
        int at = index(args, method, list.size());
        Nested.keep(args.get(1));
        Object previous = list.set(at, args.get(1));
        if ("set".equals(method)) {
            return Outcome.removed(previous);
        }
        Nested.release(previous);
        return null;
    }

    private int index(List<Object> args, String method, int size) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException(method + "() missing its index");
        }
        return Sequences.item(args.get(0), size, "list");
    }

    /** What Python's {@code l[i:j] = items} takes: any iterable. */
    private static List<Object> iterable(Object items) {
        if (items instanceof String) {
            return ((String) items).codePoints().mapToObj(Character::toString).collect(Collectors.toList());
        }
        if (items == null || items instanceof Number || items instanceof Boolean || items instanceof Character) {
            throw new IllegalArgumentException("TypeError: can only assign an iterable");
        }
        return Sequences.toList(items);
    }

    private int indexOf(Object value) {
        int at = list.indexOf(value);
        if (at < 0) {
            throw new IllegalArgumentException(Sequences.repr(value) + " is not in list");
        }
        return at;
    }

    private List<Object> repeated(int times) {
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            result.addAll(list);
        }
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void sort(Map<String, Object> kwds) {
        Object key = kwds.get("key");
        Comparator<Object> order = key instanceof Comparator ? (Comparator<Object>) key
                : (Comparator) Comparator.nullsFirst(Comparator.naturalOrder());
        if (key != null && !(key instanceof Comparator)) {
            throw new IllegalArgumentException("sort's key must be a java.util.Comparator (and serializable) here");
        }
        list.sort(Args.truth(kwds.get("reverse")) ? order.reversed() : order);
    }

    @Override
    public synchronized Object value() {
        return new ArrayList<>(list);
    }

    @Override
    public Object identity() {
        return list;
    }
}
