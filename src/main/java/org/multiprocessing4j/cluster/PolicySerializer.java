package org.multiprocessing4j.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.StreamSerializer;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.version.MemberVersion;
import org.multiprocessing4j.serialization.ClassPolicy;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;

/**
 * How every {@link java.io.Serializable} object crosses the cluster (a chunk, its function and
 * arguments, its results, queue elements, dict values): in place of Hazelcast's own Java
 * serialization, the library's JDK serializer held to its {@link org.multiprocessing4j.serialization.ClassPolicy}
 * ({@link org.multiprocessing4j.serialization.ClassPolicy#standard()}, widened by the system
 * property {@value org.multiprocessing4j.serialization.ClassPolicy#PROPERTY}). Bytes that name a
 * class outside the policy are refused before any of its code runs, on a member as on a client:
 * anyone who reaches a member's port can send it bytes, since Community authenticates no one.
 *
 * <p>The policy also allows Hazelcast's own exceptions ({@link #POLICY}): members answer each
 * other with them through this serializer, and one refused is an answer lost. A member that
 * could not read a {@code WrongTargetException} (a partition moved while a put went to it)
 * dropped the answer, and the put, which Hazelcast would have sent again to the partition's
 * new owner, waited out the 120 s operation timeout instead.
 */
final class PolicySerializer implements StreamSerializer<Object> {
    /** The serializer's type id in Hazelcast's streams: "mp4j" in ASCII. */
    static final int TYPE_ID = 0x6d70346a;

    /**
     * The standard policy, Hazelcast's exceptions, and the one value one of them writes: a
     * {@code MemberLeftException} (a member left while it ran a call) carries the member's
     * {@link MemberVersion}. Its {@code readObject} also resolves the host name it carries
     * (Hazelcast's {@code Address}): refusing it would trade that lookup for a call that waits
     * out the operation timeout, and a peer that reaches a member's port can do more than that
     * on Hazelcast Community anyway (the README's security paragraph).
     */
    static final ClassPolicy POLICY = ClassPolicy.standard().allowingExceptionsFrom(HazelcastException.class)
            .allowing(MemberVersion.class);

    private final Serializer serializer = Serializer.jdk(POLICY);

    @Override
    public int getTypeId() {
        return TYPE_ID;
    }

    @Override
    public void write(ObjectDataOutput out, Object object) throws IOException {
        out.writeByteArray(serializer.dumps(object));
    }

    @Override
    public Object read(ObjectDataInput in) throws IOException {
        byte[] bytes = in.readByteArray();
        try {
            return serializer.loads(bytes);
        } catch (IOException e) {
            throw new HazelcastSerializationException("refused to deserialize what came through the cluster: " + e.getMessage()
                    + " (allow a class on every member and client with -D"
                    + org.multiprocessing4j.serialization.ClassPolicy.PROPERTY + "=...)", e);
        }
    }
}
