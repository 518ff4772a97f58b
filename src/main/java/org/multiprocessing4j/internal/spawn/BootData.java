package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The preparation data a parent writes into a child's boot pipe before the serialized entry:
 * Python's {@code spawn.get_preparation_data}. Encoded with plain {@code DataOutput} so that a
 * child reads it without starting up object serialization.
 */
public final class BootData {
    static final int MAGIC = 0x4d50344a; // "MP4J"
    static final int VERSION = 4;

    private final long parentPid;
    private final byte[] authKey;
    private final boolean daemon;
    private final String logLevel;
    private final String logFormat;
    private final Map<String, String> systemProperties;
    private long[] inheritedHandles = new long[0];
    private boolean handlesFollow;
    private byte[] serializer;

    /**
     * @param parentPid        the pid of the process that starts the child
     * @param authKey          the child's authentication key
     * @param daemon           whether the child ends when its parent dies
     * @param logLevel         the level {@code logToStderr} was given in the parent, or null
     * @param logFormat        the Python format it was given (ignored without a level)
     * @param systemProperties properties the child sets before it reads its entry
     */
    public BootData(long parentPid, byte[] authKey, boolean daemon, String logLevel, String logFormat,
                    Map<String, String> systemProperties) {
        this.parentPid = parentPid;
        this.authKey = authKey.clone();
        this.daemon = daemon;
        this.logLevel = logLevel;
        this.logFormat = logFormat;
        this.systemProperties = new LinkedHashMap<>(systemProperties);
    }

    /** The parent's pid. */
    public long parentPid() {
        return parentPid;
    }

    /** The authentication key the child starts with. */
    public byte[] authKey() {
        return authKey.clone();
    }

    /** Whether the child is daemonic. */
    public boolean daemon() {
        return daemon;
    }

    /** The log level to set up in the child, or null for none. */
    public String logLevel() {
        return logLevel;
    }

    /** The Python log format to set up in the child with {@link #logLevel()}. */
    public String logFormat() {
        return logFormat;
    }

    /** The system properties the child sets. */
    public Map<String, String> systemProperties() {
        return systemProperties;
    }

    /**
     * Makes {@code serializer} the child's default (its context's, and that of what it makes
     * without one); nothing for {@link Serializer#standard()}, the child's default anyway.
     *
     * @throws SerializationException if it is not serializable
     */
    public void setSerializer(Serializer serializer) {
        if (serializer == Serializer.standard()) {
            this.serializer = null;
            return;
        }
        if (!(serializer instanceof java.io.Serializable)) {
            throw new SerializationException("the context's serializer " + serializer + " cannot go to a child: "
                    + serializer.getClass().getName() + " does not implement java.io.Serializable");
        }
        this.serializer = Serializer.jdk().dumps(serializer);
    }

    /**
     * The child's default serializer: {@link Serializer#standard()} unless its parent's context
     * had another, rebuilt here from what the parent wrote (and so trusted).
     *
     * @throws IOException if it cannot be rebuilt
     */
    public Serializer serializer() throws IOException {
        if (serializer == null) {
            return Serializer.standard();
        }
        Object value = Serializer.jdk().loadsTrusted(serializer, 0, serializer.length);
        if (!(value instanceof Serializer)) {
            throw new IOException("the boot data's serializer is a " + (value == null ? "null" : value.getClass().getName()));
        }
        return (Serializer) value;
    }

    /** How the child sees the descriptors handed to it, in the order they were registered. */
    public long[] inheritedHandles() {
        return inheritedHandles.clone();
    }

    void setInheritedHandles(long[] handles) {
        this.inheritedHandles = handles.clone();
    }

    /**
     * Whether the descriptors follow the boot frame on standard input (a Unix socket then) and
     * replace {@link #inheritedHandles()}, of which only the count travels here: how a spare
     * JVM, running before its entry was known, gets what a spawned child inherits.
     */
    boolean handlesFollow() {
        return handlesFollow;
    }

    void setHandlesFollow(int handleCount) {
        this.handlesFollow = true;
        this.inheritedHandles = new long[handleCount];
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(parentPid);
        out.writeInt(authKey.length);
        out.write(authKey);
        out.writeBoolean(daemon);
        out.writeUTF(logLevel == null ? "" : logLevel);
        out.writeUTF(logFormat == null ? "" : logFormat);
        out.writeInt(systemProperties.size());
        for (Map.Entry<String, String> e : systemProperties.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(inheritedHandles.length);
        for (long h : inheritedHandles) {
            out.writeLong(h);
        }
        out.writeBoolean(handlesFollow);
        out.writeInt(serializer == null ? -1 : serializer.length);
        if (serializer != null) {
            out.write(serializer);
        }
    }

    static BootData readFrom(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("standard input does not start with multiprocessing4j boot data");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("boot data version " + version + ", this child understands " + VERSION);
        }
        long parentPid = in.readLong();
        byte[] key = new byte[in.readInt()];
        in.readFully(key);
        boolean daemon = in.readBoolean();
        String level = in.readUTF();
        String format = in.readUTF();
        int count = in.readInt();
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            properties.put(in.readUTF(), in.readUTF());
        }
        long[] handles = new long[in.readInt()];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = in.readLong();
        }
        BootData boot = new BootData(parentPid, key, daemon, level.isEmpty() ? null : level, format, properties);
        boot.inheritedHandles = handles;
        boot.handlesFollow = in.readBoolean();
        int serializerLength = in.readInt();
        if (serializerLength >= 0) {
            boot.serializer = new byte[serializerLength];
            in.readFully(boot.serializer);
        }
        return boot;
    }
}
