package org.multiprocessing4j.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.StreamSerializer;
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
 */
final class PolicySerializer implements StreamSerializer<Object> {
    /** The serializer's type id in Hazelcast's streams: "mp4j" in ASCII. */
    static final int TYPE_ID = 0x6d70346a;

    private final Serializer serializer = Serializer.jdk();

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
