package org.multiprocessing4j.internal.codec;

import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.serialization.SerializationException;

import java.io.IOException;
import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

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
    /** The internal name of {@link Target}, as a serialized lambda names its interface. */
    private static final String TARGET_INTERFACE = Target.class.getName().replace('.', '/');

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
        return new Written(in).rebuild();
    }

    /**
     * Reads a {@link Target} written by {@link #write}. A lambda whose body is a static method of
     * its class (every {@code () -> work("Bob")} that captures no {@code this}) comes back as a
     * {@link DirectTarget}, which calls that method; anything else is rebuilt as {@link #read}
     * does.
     *
     * <p>Why: rebuilding a serializable lambda has the JDK spin its class with the bytecode
     * library at every JVM's first one (the JDK never archives serializable lambdas), which costs
     * a fresh JVM about 5 ms of processor time on JDK 17 (an empty main rebuilding one: 34 ms,
     * calling its method: 29), and a child runs its target once. The bytes come from the boot
     * pipe, which only the parent writes; the parent names the child's class path and entry
     * already, so calling a method it names gives it nothing it did not have.
     *
     * @throws IOException            if the bytes are truncated or corrupt
     * @throws SerializationException if the lambda cannot be rebuilt, or is not a {@code Target}
     */
    public static Target readTarget(PlainInput in) throws IOException {
        Written written = new Written(in);
        Target direct = written.direct();
        if (direct != null) {
            return direct;
        }
        Object rebuilt = written.rebuild();
        if (!(rebuilt instanceof Target)) {
            throw new SerializationException("lambda " + written.implClass + "." + written.implMethod + " is not a Target");
        }
        return (Target) rebuilt;
    }

    /** What {@link #write} wrote. */
    private static final class Written {
        private final String capturingName;
        private final String interfaceClass;
        private final String interfaceMethod;
        private final String interfaceSignature;
        private final int implKind;
        private final String implClass;
        private final String implMethod;
        private final String implSignature;
        private final String instantiatedType;
        private final Object[] captured;

        Written(PlainInput in) throws IOException {
            capturingName = in.readString();
            interfaceClass = in.readString();
            interfaceMethod = in.readString();
            interfaceSignature = in.readString();
            implKind = in.readInt();
            implClass = in.readString();
            implMethod = in.readString();
            implSignature = in.readString();
            instantiatedType = in.readString();
            captured = new Object[in.readCount(MIN_CAPTURED_BYTES, "captured values")];
            for (int i = 0; i < captured.length; i++) {
                captured[i] = in.readScalar();
            }
        }

        /** The lambda, rebuilt as {@link SerializedLambda#readResolve} would. */
        Object rebuild() {
            try {
                Class<?> capturing = load(capturingName, false);
                Method deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
                deserialize.setAccessible(true);
                return deserialize.invoke(null, form(capturing));
            } catch (InvocationTargetException e) {
                throw new SerializationException("cannot rebuild lambda " + implClass + "." + implMethod + ": " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new SerializationException("cannot rebuild lambda " + implClass + "." + implMethod + ": " + e, e);
            }
        }

        /**
         * A target calling the lambda's static method, or null if this is not a {@code Target}
         * whose method is static and takes exactly the captured values (what the method returns
         * is dropped, as the lambda drops it). The capturing class is initialised here, as the
         * rebuilding would; an error of its initialiser, or of linking, is thrown as the rebuilding
         * would throw it (tried again there, the class would say only that it could not be
         * initialised).
         */
        Target direct() {
            if (implKind != MethodHandleInfo.REF_invokeStatic || !TARGET_INTERFACE.equals(interfaceClass)
                    || !"run".equals(interfaceMethod) || !"()V".equals(interfaceSignature)
                    || !"()V".equals(instantiatedType)) {
                return null;
            }
            try {
                Class<?> capturing = load(capturingName, true);
                Class<?> owner = load(implClass, false);
                Class<?>[] parameters = MethodType.fromMethodDescriptorString(implSignature, owner.getClassLoader())
                        .parameterArray();
                if (parameters.length != captured.length) {
                    return null;
                }
                for (int i = 0; i < parameters.length; i++) {
                    if (!accepts(parameters[i], captured[i])) {
                        return null;
                    }
                }
                Method method = owner.getDeclaredMethod(implMethod, parameters);
                if (!Modifier.isStatic(method.getModifiers())) {
                    return null;
                }
                method.setAccessible(true);
                return new DirectTarget(method, captured, form(capturing));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Rebuilding says what is wrong, as it would have without this shortcut.
                return null;
            }
        }

        private SerializedLambda form(Class<?> capturing) {
            return new SerializedLambda(capturing, interfaceClass, interfaceMethod, interfaceSignature, implKind,
                    implClass, implMethod, implSignature, instantiatedType, captured);
        }

        private static Class<?> load(String internalName, boolean initialize) throws ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return Class.forName(internalName.replace('/', '.'), initialize, loader);
        }

        /** Whether a method parameter of type {@code type} takes {@code value} as the lambda's call would. */
        private static boolean accepts(Class<?> type, Object value) {
            if (type.isPrimitive()) {
                return value != null && MethodType.methodType(type).wrap().returnType() == value.getClass();
            }
            return value == null || type.isInstance(value);
        }
    }
}
