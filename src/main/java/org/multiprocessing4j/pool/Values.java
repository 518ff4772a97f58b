package org.multiprocessing4j.pool;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The arguments or results of one chunk as they cross to and from a worker. A list of only
 * {@code Integer}s, only {@code Long}s or only {@code Double}s travels as one primitive array:
 * JDK serialization writes each boxed number as an object of its own, which costs several times
 * more, most of all in a worker JVM that has not warmed up yet. Anything else travels as an
 * array of objects.
 */
final class Values implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte OBJECTS = 0;
    private static final byte INTS = 1;
    private static final byte LONGS = 2;
    private static final byte DOUBLES = 3;

    private transient List<Object> list;

    Values(List<?> list) {
        this.list = new ArrayList<>(list);
    }

    List<Object> list() {
        return list;
    }

    private static byte kindOf(List<Object> list) {
        if (list.isEmpty()) {
            return OBJECTS;
        }
        Class<?> type = list.get(0) == null ? null : list.get(0).getClass();
        byte kind = type == Integer.class ? INTS : type == Long.class ? LONGS : type == Double.class ? DOUBLES : OBJECTS;
        for (Object item : list) {
            if (kind == OBJECTS || item == null || item.getClass() != type) {
                return OBJECTS;
            }
        }
        return kind;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        byte kind = kindOf(list);
        out.writeByte(kind);
        int size = list.size();
        switch (kind) {
            case INTS -> {
                int[] values = new int[size];
                for (int i = 0; i < size; i++) {
                    values[i] = (Integer) list.get(i);
                }
                out.writeObject(values);
            }
            case LONGS -> {
                long[] values = new long[size];
                for (int i = 0; i < size; i++) {
                    values[i] = (Long) list.get(i);
                }
                out.writeObject(values);
            }
            case DOUBLES -> {
                double[] values = new double[size];
                for (int i = 0; i < size; i++) {
                    values[i] = (Double) list.get(i);
                }
                out.writeObject(values);
            }
            default -> out.writeObject(list.toArray());
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        byte kind = in.readByte();
        Object array = in.readObject();
        List<Object> values = new ArrayList<>();
        switch (kind) {
            case INTS -> {
                for (int value : (int[]) array) {
                    values.add(value);
                }
            }
            case LONGS -> {
                for (long value : (long[]) array) {
                    values.add(value);
                }
            }
            case DOUBLES -> {
                for (double value : (double[]) array) {
                    values.add(value);
                }
            }
            case OBJECTS -> values.addAll(Arrays.asList((Object[]) array));
            default -> throw new java.io.InvalidObjectException("unknown kind of values: " + kind);
        }
        this.list = values;
    }
}
