package org.multiprocessing4j.serialization;

import org.multiprocessing4j.internal.runtime.Features;
import org.multiprocessing4j.internal.runtime.LibraryClasses;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * {@link Serializer#standard()}: Apache Fory ({@link ForyFormat}) for records, enums, ordinary
 * serializable classes and the JDK's value and collection types, and JDK serialization
 * ({@link JdkSerializer}) for what Fory should not take or refuses: lambdas (their
 * {@code $deserializeLambda$} is JDK serialization's own protocol), exceptions, the library's
 * own resources (connections, queues, locks: their {@code writeReplace} speaks to JDK
 * serialization), classes with their own {@code writeObject}/{@code readObject}/
 * {@code writeReplace}/{@code readResolve} or {@code Externalizable}, classes that are not
 * serializable (for JDK serialization's message), and any object Fory refuses to write. The
 * choice is made on the root object's class, once per class. Both formats are held to one
 * {@link ClassPolicy} and to {@link Limits}.
 *
 * <p>The bytes say which format follows: a JDK stream starts with its own magic (0xAC), Fory's
 * with {@link #FORY}. Plain data (numbers, strings, the JDK's collections of them) never gets
 * here on the library's own paths: connections, queues and pools write it themselves.
 */
final class StandardSerializer implements Serializer, Serializable {
    private static final long serialVersionUID = 1L;
    /** The first byte of Fory's format here ('F'): no JDK stream starts with it. */
    static final byte FORY = 0x46;
    static final StandardSerializer DEFAULT = new StandardSerializer(ClassPolicy.standard());
    static final JdkSerializer JDK = new JdkSerializer(ClassPolicy.standard());

    /** False once Fory failed to start in this JVM (a JDK that denies it Unsafe, say): JDK serialization only, then. */
    private static volatile boolean foryUsable = true;

    private static final ClassValue<Boolean> FORY_FITS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return foryFits(type);
        }
    };

    private final ClassPolicy policy;

    private StandardSerializer(ClassPolicy policy) {
        this.policy = policy;
    }

    static StandardSerializer of(ClassPolicy policy) {
        return policy.equals(DEFAULT.policy) ? DEFAULT : new StandardSerializer(policy);
    }

    /** Whether Fory writes objects of {@code type} (when it does not refuse them). */
    static boolean foryFits(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (type.isArray() && (element.isPrimitive() || element == Object.class || element.isInterface())) {
            return true;
        }
        if (Throwable.class.isAssignableFrom(element) || element.isSynthetic() || element.isHidden()
                || !Serializable.class.isAssignableFrom(element) || Externalizable.class.isAssignableFrom(element)
                || LibraryClasses.isOwn(element)) {
            return false;
        }
        return !hasSerializationHooks(element);
    }

    /** The JDK's own classes (collections, java.time, Enum...): Fory writes them its way. */
    private static boolean isJdk(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    /** Whether the class or a serializable superclass of the application speaks to JDK serialization itself. */
    private static boolean hasSerializationHooks(Class<?> type) {
        for (Class<?> c = type; c != null && Serializable.class.isAssignableFrom(c) && !isJdk(c); c = c.getSuperclass()) {
            if (declares(c, "writeObject", ObjectOutputStream.class) || declares(c, "readObject", ObjectInputStream.class)
                    || declares(c, "readObjectNoData") || declares(c, "writeReplace") || declares(c, "readResolve")) {
                return true;
            }
        }
        return false;
    }

    private static boolean declares(Class<?> type, String name, Class<?>... parameters) {
        try {
            Method method = type.getDeclaredMethod(name, parameters);
            return !Modifier.isStatic(method.getModifiers());
        } catch (NoSuchMethodException | LinkageError | SecurityException e) {
            return false;
        }
    }

    @Override
    public byte[] dumps(Object object) {
        if (object != null && foryUsable && FORY_FITS.get(object.getClass())) {
            Features.markUsed(Features.FORY);
            byte[] body = foryDumps(object);
            if (body != null) {
                byte[] bytes = new byte[body.length + 1];
                bytes[0] = FORY;
                System.arraycopy(body, 0, bytes, 1, body.length);
                return bytes;
            }
        }
        return JdkSerializer.dumps(object, 0);
    }

    private byte[] foryDumps(Object object) {
        try {
            return ForyFormat.of(policy).dumps(object);
        } catch (LinkageError e) {
            foryUsable = false;
            org.multiprocessing4j.internal.runtime.Log.of("serialization").warn("Apache Fory cannot run in this JVM"
                    + " ({}); Serializer.standard() writes JDK serialization only. On JDK 24 and later, run java with"
                    + " --sun-misc-unsafe-memory-access=allow or --add-opens java.base/java.lang.invoke=ALL-UNNAMED", e.toString());
            return null;
        }
    }

    @Override
    public Object loads(byte[] bytes, int offset, int length) throws IOException {
        return read(bytes, offset, length, false);
    }

    /**
     * A JDK stream without the class policy; Fory's format with it all the same: the parent
     * wrote it with this policy (its serializer is this one), and Fory refuses on writing what
     * its policy refuses, so nothing it wrote is refused here.
     */
    @Override
    public Object loadsTrusted(byte[] bytes, int offset, int length) throws IOException {
        return read(bytes, offset, length, true);
    }

    private Object read(byte[] bytes, int offset, int length, boolean trusted) throws IOException {
        if (length == 0) {
            throw new StreamCorruptedException("corrupt serialized object: no bytes");
        }
        byte first = bytes[offset];
        if (first == JdkSerializer.MAGIC_0) {
            return JdkSerializer.read(bytes, offset, length, trusted ? null : policy);
        }
        if (first == FORY) {
            Features.markUsed(Features.FORY);
            try {
                return ForyFormat.of(policy).loads(bytes, offset + 1, length - 1);
            } catch (LinkageError e) {
                throw new IOException("cannot read Apache Fory's format: Fory cannot run in this JVM (" + e
                        + "); on JDK 24 and later, run java with --sun-misc-unsafe-memory-access=allow", e);
            }
        }
        throw new StreamCorruptedException("corrupt serialized object: it starts with byte " + (first & 0xff)
                + ", which no format of Serializer.standard() starts with");
    }

    @Override
    public boolean sendsPlainValues() {
        return true;
    }

    @Override
    public ClassPolicy classPolicy() {
        return policy;
    }

    @Override
    public Serializer allowing(Class<?>... classes) {
        return of(policy.allowing(classes));
    }

    @Override
    public Serializer allowing(String... patterns) {
        return of(policy.allowing(patterns));
    }

    private Object readResolve() {
        return of(policy);
    }

    @Override
    public String toString() {
        return "Serializer.standard(" + policy + ")";
    }
}
