package org.multiprocessing4j.internal.codec;

import org.multiprocessing4j.serialization.SerializationException;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Writes a serializable lambda whose captured values are all strings, boxed primitives or null
 * as plain data, and rebuilds it exactly as {@link SerializedLambda#readResolve} would, through
 * the capturing class's {@code $deserializeLambda$}. It exists for one reason: on the JDKs this
 * library supports, the first {@link java.io.ObjectInputStream} of a JVM costs tens of
 * milliseconds (the serialization filter's logger looks up a logging back end), and every child
 * JVM would pay it just to read a {@code () -> work("Bob")} target. Anything else goes through
 * the {@link Serializer} as usual.
 */
public final class CompactLambda {
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte FLOAT = 5;
    private static final byte SHORT = 6;
    private static final byte BYTE = 7;
    private static final byte CHAR = 8;
    private static final byte BOOLEAN = 9;

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
                if (tagOf(lambda.getCapturedArg(i)) < 0) {
                    return null;
                }
            }
            return lambda;
        } catch (ReflectiveOperationException | RuntimeException notALambda) {
            return null;
        }
    }

    /** Writes a lambda that {@link #describe} accepted. */
    public static void write(SerializedLambda lambda, DataOutput out) throws IOException {
        out.writeUTF(lambda.getCapturingClass());
        out.writeUTF(lambda.getFunctionalInterfaceClass());
        out.writeUTF(lambda.getFunctionalInterfaceMethodName());
        out.writeUTF(lambda.getFunctionalInterfaceMethodSignature());
        out.writeInt(lambda.getImplMethodKind());
        out.writeUTF(lambda.getImplClass());
        out.writeUTF(lambda.getImplMethodName());
        out.writeUTF(lambda.getImplMethodSignature());
        out.writeUTF(lambda.getInstantiatedMethodType());
        out.writeInt(lambda.getCapturedArgCount());
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            writeValue(lambda.getCapturedArg(i), out);
        }
    }

    /** Reads and rebuilds a lambda written by {@link #write}. */
    public static Object read(DataInput in) throws IOException {
        String capturingName = in.readUTF();
        String interfaceClass = in.readUTF();
        String interfaceMethod = in.readUTF();
        String interfaceSignature = in.readUTF();
        int implKind = in.readInt();
        String implClass = in.readUTF();
        String implMethod = in.readUTF();
        String implSignature = in.readUTF();
        String instantiatedType = in.readUTF();
        Object[] captured = new Object[in.readInt()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = readValue(in);
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

    private static int tagOf(Object value) {
        if (value == null) {
            return NULL;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            return STRING;
        } else if (type == Integer.class) {
            return INT;
        } else if (type == Long.class) {
            return LONG;
        } else if (type == Double.class) {
            return DOUBLE;
        } else if (type == Float.class) {
            return FLOAT;
        } else if (type == Short.class) {
            return SHORT;
        } else if (type == Byte.class) {
            return BYTE;
        } else if (type == Character.class) {
            return CHAR;
        } else if (type == Boolean.class) {
            return BOOLEAN;
        }
        return -1;
    }

    private static void writeValue(Object value, DataOutput out) throws IOException {
        int tag = tagOf(value);
        out.writeByte(tag);
        switch (tag) {
            case STRING: writeLongUtf((String) value, out); break;
            case INT: out.writeInt((Integer) value); break;
            case LONG: out.writeLong((Long) value); break;
            case DOUBLE: out.writeDouble((Double) value); break;
            case FLOAT: out.writeFloat((Float) value); break;
            case SHORT: out.writeShort((Short) value); break;
            case BYTE: out.writeByte((Byte) value); break;
            case CHAR: out.writeChar((Character) value); break;
            case BOOLEAN: out.writeBoolean((Boolean) value); break;
            default: break;
        }
    }

    private static Object readValue(DataInput in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL: return null;
            case STRING: return readLongUtf(in);
            case INT: return in.readInt();
            case LONG: return in.readLong();
            case DOUBLE: return in.readDouble();
            case FLOAT: return in.readFloat();
            case SHORT: return in.readShort();
            case BYTE: return in.readByte();
            case CHAR: return in.readChar();
            case BOOLEAN: return in.readBoolean();
            default: throw new IOException("unknown captured value tag " + tag);
        }
    }

    /** Strings of any length (writeUTF stops at 64 KiB). */
    private static void writeLongUtf(String value, DataOutput out) throws IOException {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readLongUtf(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
