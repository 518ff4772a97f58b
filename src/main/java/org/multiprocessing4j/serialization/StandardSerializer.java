package org.multiprocessing4j.serialization;

import java.io.IOException;
import java.io.Serializable;
import java.io.StreamCorruptedException;

/**
 * {@link Serializer#standard()}: JDK serialization held to a {@link ClassPolicy} and to
 * {@link Limits}.
 */
final class StandardSerializer implements Serializer, Serializable {
    private static final long serialVersionUID = 1L;
    static final StandardSerializer DEFAULT = new StandardSerializer(ClassPolicy.standard());
    static final JdkSerializer JDK = new JdkSerializer(ClassPolicy.standard());

    private final ClassPolicy policy;

    private StandardSerializer(ClassPolicy policy) {
        this.policy = policy;
    }

    static StandardSerializer of(ClassPolicy policy) {
        return policy.equals(DEFAULT.policy) ? DEFAULT : new StandardSerializer(policy);
    }

    @Override
    public byte[] dumps(Object object) {
        return JdkSerializer.dumps(object, 0);
    }

    @Override
    public Object loads(byte[] bytes, int offset, int length) throws IOException {
        return read(bytes, offset, length, policy);
    }

    @Override
    public Object loadsTrusted(byte[] bytes, int offset, int length) throws IOException {
        return read(bytes, offset, length, null);
    }

    private static Object read(byte[] bytes, int offset, int length, ClassPolicy policy) throws IOException {
        if (length == 0) {
            throw new StreamCorruptedException("corrupt serialized object: no bytes");
        }
        if (bytes[offset] == JdkSerializer.MAGIC_0) {
            return JdkSerializer.read(bytes, offset, length, policy);
        }
        throw new StreamCorruptedException("corrupt serialized object: it starts with byte " + (bytes[offset] & 0xff)
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
