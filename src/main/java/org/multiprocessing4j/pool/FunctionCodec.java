package org.multiprocessing4j.pool;

import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.internal.codec.CompactLambda;
import org.multiprocessing4j.internal.codec.Envelope;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.codec.PlainOutput;
import org.multiprocessing4j.internal.codec.Tags;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Turns a pool's function into bytes and back: an {@link Envelope} holding a lambda or method
 * reference that captures only strings, boxed primitives or nothing as a {@link CompactLambda},
 * which a worker rebuilds without an object stream, or anything else serialized.
 */
final class FunctionCodec {
    /**
     * The compact bytes of each lambda class that captures nothing, once encoded: all its
     * instances write the same bytes, and encoding one costs reflection and a dozen strings, a
     * good part of a small task's round trip. Null for other classes; serialized bytes are not
     * kept, as they depend on the serializer.
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
    static FunctionSlots.Key key(SerializableFunction<?, ?> function, Serializer serializer) {
        FunctionSlots.Key[] constant = CONSTANT.get(function.getClass());
        if (constant != null && constant[0] != null) {
            return constant[0];
        }
        byte[] bytes = encode(function, serializer);
        FunctionSlots.Key key = new FunctionSlots.Key(bytes, bytes[0] == Tags.COMPACT);
        if (constant != null && key.stateless) {
            // Two threads may both encode it: the same bytes either way.
            constant[0] = key;
        }
        return key;
    }

    /**
     * The function's bytes.
     *
     * @throws SerializationException if it cannot be serialized
     */
    static byte[] encode(SerializableFunction<?, ?> function, Serializer serializer) {
        return Envelope.compactOrSerialized(function, FunctionCodec::writeCompact, serializer);
    }

    private static boolean writeCompact(Object function, PlainOutput out) {
        SerializedLambda lambda = CompactLambda.describe(function);
        if (lambda != null) {
            CompactLambda.write(lambda, out);
        }
        return lambda != null;
    }

    /**
     * The function written by {@link #encode} into {@code length} bytes at {@code offset}, in a
     * job the parent wrote for its own worker over a private pipe: read with
     * {@link Serializer#loadsTrusted}.
     *
     * @throws SerializationException if it cannot be rebuilt (a class missing, corrupt bytes)
     */
    @SuppressWarnings("unchecked")
    static SerializableFunction<Object, Object> decode(byte[] bytes, int offset, int length, Serializer serializer) {
        Object function;
        try {
            function = Envelope.open(new PlainInput(bytes, offset, length), Envelope.compact(CompactLambda::read),
                    serializer::loadsTrusted);
        } catch (IOException e) {
            throw new SerializationException("cannot read a function: " + e.getMessage(), e);
        }
        if (!(function instanceof SerializableFunction)) {
            throw new SerializationException("cannot read a function: the bytes hold "
                    + (function == null ? "null" : "a " + function.getClass().getName()), null);
        }
        return (SerializableFunction<Object, Object>) function;
    }
}
