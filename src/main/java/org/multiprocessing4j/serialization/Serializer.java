package org.multiprocessing4j.serialization;

import java.io.IOException;

/**
 * Turns objects into bytes and back for everything that crosses a process boundary: Python's
 * {@code multiprocessing.reduction} ({@code ForkingPickler}). Every object the library sends
 * (a process's target, a pool's tasks and results, a queue's elements, a connection's messages)
 * goes through the serializer of the {@code Context} or connection that carries it, unless it is
 * plain data the library writes itself (see {@link #sendsPlainValues()}).
 *
 * <p>The library's serializers:
 * <ul>
 *   <li>{@link #standard()}: the default. Records, enums and ordinary classes in Apache Fory's
 *       Java format, loaded only when an object needs it; what Fory cannot take (lambdas,
 *       exceptions, the library's own resources, classes with {@code writeReplace}) in JDK
 *       serialization. Both held to a {@link ClassPolicy} and to fixed bounds.</li>
 *   <li>{@link #jdk()}: JDK serialization alone, held to the same policy and bounds.</li>
 *   <li>{@code serialization.pickle.PickleSerializer}: CPython's pickle, for a connection whose
 *       peer is CPython.</li>
 * </ul>
 * An implementation of one's own is set on a {@code Context} ({@code ctx.withSerializer(s)}:
 * its processes, pools, queues and pipes use it, and so do its children by default) or on a
 * connection ({@code conn.withSerializer(s)}). One that travels to children must be
 * {@link java.io.Serializable}.
 *
 * <p><b>Nothing foreign is instantiated.</b> {@link #loads} reads bytes from another process
 * and must refuse, before any of its code runs, a class its policy does not allow
 * ({@link ClassRefusedException}), and bytes that would build more than they can justify
 * ({@link SerializationLimitException}). Only {@link #loadsTrusted} skips the class checks: it
 * reads what this process's parent wrote for it over a private pipe.
 */
public interface Serializer {

    /**
     * The default serializer, with {@link ClassPolicy#standard()}: the serializer of every
     * context, connection and queue that was given none (in a child, the one its parent's
     * context passed down).
     */
    static Serializer standard() {
        return StandardSerializer.DEFAULT;
    }

    /** The default serializer with another class policy. */
    static Serializer standard(ClassPolicy policy) {
        return StandardSerializer.of(policy);
    }

    /** JDK serialization alone, with {@link ClassPolicy#standard()} and the bounds of {@link #standard()}. */
    static Serializer jdk() {
        return StandardSerializer.JDK;
    }

    /** JDK serialization alone, with another class policy. */
    static Serializer jdk(ClassPolicy policy) {
        return new JdkSerializer(policy);
    }

    /**
     * Serializes {@code object}.
     *
     * @throws SerializationException if the object (or something it refers to) cannot be
     *                                serialized; the message names what could not
     */
    byte[] dumps(Object object);

    /**
     * Rebuilds an object from {@code length} bytes at {@code offset}, bytes that came from another
     * process.
     *
     * @throws ClassRefusedException       if they name a class the policy does not allow (nothing
     *                                     of it ran)
     * @throws SerializationLimitException if they exceed a bound (depth, an array's length...)
     * @throws IOException                 if they are truncated or corrupt, or name a class this
     *                                     JVM lacks
     */
    Object loads(byte[] bytes, int offset, int length) throws IOException;

    /** {@link #loads(byte[], int, int)} of a whole array. */
    default Object loads(byte[] bytes) throws IOException {
        return loads(bytes, 0, bytes.length);
    }

    /**
     * Rebuilds an object that this process's parent wrote for it over a private pipe: a child's
     * entry (its {@code Process} and target), a pool's job. Such bytes may name any class the
     * parent could serialize, so a serializer may skip its class checks here; the default is
     * {@link #loads}, which keeps them.
     */
    default Object loadsTrusted(byte[] bytes, int offset, int length) throws IOException {
        return loads(bytes, offset, length);
    }

    /**
     * Whether a connection may send values the library writes itself ({@code null}, booleans,
     * boxed primitives, strings, byte arrays, and the JDK's lists, sets, maps and arrays of
     * them) in its own compact form, which only multiprocessing4j reads, instead of through
     * {@link #dumps}. True for the library's Java serializers; false by default, so that a
     * serializer whose peer is another program (pickle for CPython) gets exactly its own bytes
     * on the wire. Queues and pools, whose peers are always this library, use the compact form
     * whatever this says.
     */
    default boolean sendsPlainValues() {
        return false;
    }

    /**
     * The policy {@link #loads} holds classes to, or null for a serializer that has none of the
     * library's kind.
     */
    default ClassPolicy classPolicy() {
        return null;
    }

    /**
     * This serializer with a policy that also allows {@code classes} (see
     * {@link ClassPolicy#allowing(Class[])}).
     *
     * @throws UnsupportedOperationException if it has no {@link #classPolicy()}
     */
    default Serializer allowing(Class<?>... classes) {
        throw new UnsupportedOperationException(this + " has no class policy to extend");
    }

    /**
     * This serializer with a policy that also allows what {@code patterns} name (see
     * {@link ClassPolicy#allowing(String...)}).
     *
     * @throws UnsupportedOperationException if it has no {@link #classPolicy()}
     */
    default Serializer allowing(String... patterns) {
        throw new UnsupportedOperationException(this + " has no class policy to extend");
    }
}
