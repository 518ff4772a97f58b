package org.multiprocessing4j.serialization;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * JDK serialization with an {@link ObjectInputFilter}: the JVM-wide filter
 * ({@code jdk.serialFilter}) when one is set, and limits on depth and references in any case,
 * so that a hostile stream cannot build an unbounded graph.
 */
final class JavaSerializer implements Serializer {
    static final JavaSerializer INSTANCE = new JavaSerializer(new Limits());
    private static final long MAX_DEPTH = 2_000;
    private static final long MAX_REFERENCES = 50_000_000;

    private final ObjectInputFilter filter;

    private JavaSerializer(ObjectInputFilter filter) {
        this.filter = filter;
    }

    /** The JVM-wide filter first, then bounds on the graph. */
    private static final class Limits implements ObjectInputFilter {
        @Override
        public Status checkInput(FilterInfo info) {
            ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
            if (global != null) {
                Status status = global.checkInput(info);
                if (status != Status.UNDECIDED) {
                    return status;
                }
            }
            if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES) {
                return Status.REJECTED;
            }
            return Status.UNDECIDED;
        }
    }

    @Override
    public byte[] dumps(Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (NotSerializableException e) {
            throw new SerializationException("cannot serialize " + describe(object) + ": " + e.getMessage()
                    + " does not implement java.io.Serializable", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + describe(object) + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object loads(byte[] bytes, int offset, int length) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            if (filter != null) {
                in.setObjectInputFilter(filter);
            }
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new SerializationException("refused or incompatible class while deserializing: " + e.getMessage(), e);
        } catch (ClassNotFoundException e) {
            throw new SerializationException("class not found while deserializing: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot deserialize " + length + " bytes: " + e, e);
        }
    }

    private static String describe(Object object) {
        return object == null ? "null" : "an object of " + object.getClass().getName();
    }
}
