package org.multiprocessing4j.pool;

import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.internal.codec.CompactLambda;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Turns a pool's function into bytes and back. A lambda or method reference that captures only
 * strings, boxed primitives or nothing travels as a {@link CompactLambda}, which a worker
 * rebuilds without an object stream; anything else goes through the {@link Serializer}.
 */
final class FunctionCodec {
    private static final byte SERIALIZED = 0;
    private static final byte COMPACT = 1;
    /**
     * The bytes of each lambda class that captures nothing, once encoded: all its instances
     * write the same bytes, and encoding one costs reflection and a dozen strings, a good part
     * of a small task's round trip. Null for other classes.
     */
    private static final ClassValue<FunctionSlots.Key[]> CONSTANT = new ClassValue<>() {
        @Override
        protected FunctionSlots.Key[] computeValue(Class<?> type) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    return null;
                }
            }
            return type.isSynthetic() && type.getSuperclass() == Object.class ? new FunctionSlots.Key[1] : null;
        }
    };

    private FunctionCodec() {
    }

    /**
     * The function's bytes as a key for {@link FunctionSlots}.
     *
     * @throws SerializationException if it cannot be serialized
     */
    static FunctionSlots.Key key(SerializableFunction<?, ?> function) {
        FunctionSlots.Key[] constant = CONSTANT.get(function.getClass());
        if (constant == null) {
            return keyOf(encode(function));
        }
        FunctionSlots.Key key = constant[0];
        if (key == null) {
            // Two threads may both encode it: the same bytes either way.
            key = keyOf(encode(function));
            constant[0] = key;
        }
        return key;
    }

    private static FunctionSlots.Key keyOf(byte[] bytes) {
        return new FunctionSlots.Key(bytes, bytes[0] == COMPACT);
    }

    /**
     * The function's bytes.
     *
     * @throws SerializationException if it cannot be serialized
     */
    static byte[] encode(SerializableFunction<?, ?> function) {
        SerializedLambda lambda = CompactLambda.describe(function);
        if (lambda == null) {
            byte[] serialized = Serializer.standard().dumps(function);
            byte[] bytes = new byte[serialized.length + 1];
            bytes[0] = SERIALIZED;
            System.arraycopy(serialized, 0, bytes, 1, serialized.length);
            return bytes;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(COMPACT);
            CompactLambda.write(lambda, out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write " + lambda + ": " + e, e);
        }
    }

    /**
     * The function written by {@link #encode} into {@code length} bytes at {@code offset}.
     *
     * @throws SerializationException if it cannot be rebuilt (a class missing, a corrupt stream)
     */
    @SuppressWarnings("unchecked")
    static SerializableFunction<Object, Object> decode(byte[] bytes, int offset, int length) {
        if (length < 1) {
            throw new SerializationException("an empty function", null);
        }
        Object function;
        if (bytes[offset] == SERIALIZED) {
            function = Serializer.standard().loads(bytes, offset + 1, length - 1);
        } else {
            try {
                function = CompactLambda.read(new DataInputStream(new ByteArrayInputStream(bytes, offset + 1, length - 1)));
            } catch (IOException e) {
                throw new SerializationException("cannot read a function: " + e, e);
            }
        }
        return (SerializableFunction<Object, Object>) function;
    }
}
