package org.multiprocessing4j.internal.codec;

import org.multiprocessing4j.serialization.SerializationException;

import java.io.IOException;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Writes a serializable lambda whose captured values are all scalars ({@link Scalars}: strings,
 * boxed primitives, null; not byte arrays, which are mutable state) as plain data, and rebuilds
 * it exactly as {@link SerializedLambda#readResolve} would, through the capturing class's
 * {@code $deserializeLambda$}. It exists for one reason: on the JDKs this library supports, the
 * first {@link java.io.ObjectInputStream} of a JVM costs tens of milliseconds (the
 * serialization filter's logger looks up a logging back end), and every child JVM would pay it
 * just to read a {@code () -> work("Bob")} target. Anything else goes through the
 * {@link org.multiprocessing4j.serialization.Serializer} as usual.
 */
public final class CompactLambda {
    /** A captured value takes its tag at least. */
    private static final int MIN_CAPTURED_BYTES = 1;

    private CompactLambda() {
    }

    /** The lambda's serialized form, or null if {@code object} is not a lambda or cannot be compact. */
    public static SerializedLambda describe(Object object) {
        if (!(object instanceof Serializable) || !object.getClass().isSynthetic()) {
            return null;
        }
        try {
            Method writeReplace = object.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            Object replaced = writeReplace.invoke(object);
            if (!(replaced instanceof SerializedLambda)) {
                return null;
            }
            SerializedLambda lambda = (SerializedLambda) replaced;
            for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
                int tag = Scalars.tagOf(lambda.getCapturedArg(i));
                // A captured array could be changed by the lambda: a pool worker that keeps the
                // lambda would then carry that state from one task to the next.
                if (tag < 0 || tag == Tags.BYTES) {
                    return null;
                }
            }
            return lambda;
        } catch (ReflectiveOperationException | RuntimeException notALambda) {
            return null;
        }
    }

    /** Writes a lambda that {@link #describe} accepted. */
    public static void write(SerializedLambda lambda, PlainOutput out) {
        out.writeString(lambda.getCapturingClass());
        out.writeString(lambda.getFunctionalInterfaceClass());
        out.writeString(lambda.getFunctionalInterfaceMethodName());
        out.writeString(lambda.getFunctionalInterfaceMethodSignature());
        out.writeInt(lambda.getImplMethodKind());
        out.writeString(lambda.getImplClass());
        out.writeString(lambda.getImplMethodName());
        out.writeString(lambda.getImplMethodSignature());
        out.writeString(lambda.getInstantiatedMethodType());
        out.writeInt(lambda.getCapturedArgCount());
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            out.writeScalar(lambda.getCapturedArg(i));
        }
    }

    /**
     * Reads and rebuilds a lambda written by {@link #write}.
     *
     * @throws IOException            if the bytes are truncated or corrupt
     * @throws SerializationException if the lambda cannot be rebuilt (a class missing, no such lambda)
     */
    public static Object read(PlainInput in) throws IOException {
        String capturingName = in.readString();
        String interfaceClass = in.readString();
        String interfaceMethod = in.readString();
        String interfaceSignature = in.readString();
        int implKind = in.readInt();
        String implClass = in.readString();
        String implMethod = in.readString();
        String implSignature = in.readString();
        String instantiatedType = in.readString();
        Object[] captured = new Object[in.readCount(MIN_CAPTURED_BYTES, "captured values")];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = in.readScalar();
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> capturing = Class.forName(capturingName.replace('/', '.'), false, loader);
            SerializedLambda lambda = new SerializedLambda(capturing, interfaceClass, interfaceMethod,
                    interfaceSignature, implKind, implClass, implMethod, implSignature, instantiatedType, captured);
            Method deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserialize.setAccessible(true);
            return deserialize.invoke(null, lambda);
        } catch (InvocationTargetException e) {
            throw new SerializationException("cannot rebuild lambda " + implClass + "." + implMethod + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SerializationException("cannot rebuild lambda " + implClass + "." + implMethod + ": " + e, e);
        }
    }
}
