package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.codec.Envelope;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.codec.PlainOutput;
import org.multiprocessing4j.internal.codec.Scalars;
import org.multiprocessing4j.internal.codec.Tags;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serializer of a manager's connections between Java peers, unless the manager is given
 * another: a {@link Request} or {@link Reply} made of plain data (numbers, strings,
 * {@code byte[]}, {@code null}, and {@code ArrayList}s and {@code HashMap}s of them) travels
 * as plain data ({@link Envelope} with {@link Tags#COMPACT}); anything else goes whole through
 * the serializer it wraps. A {@code d.put(i, i)} is then a few dozen bytes each way and never
 * starts an object stream, which costs more than the round trip itself.
 *
 * <p>It travels to the manager's process with the manager's settings, so it is serializable;
 * the serializer it wraps must be too, unless it is {@link Serializer#standard()}.
 */
final class MessageSerializer implements Serializer, Serializable {
    private static final long serialVersionUID = 1L;
    /** How deep plain lists and dicts may nest before the message goes through the wrapped serializer. */
    private static final int MAX_DEPTH = 16;
    private static final byte REQUEST = 'Q';
    private static final byte REPLY = 'R';
    private static final byte NO_IDENT = 0;
    private static final byte IDENT = 1;
    private static final MessageSerializer STANDARD = new MessageSerializer(null);

    /** The wrapped serializer, or null for {@link Serializer#standard()} (which is not serializable). */
    private final Serializer inner;

    private MessageSerializer(Serializer inner) {
        this.inner = inner;
    }

    /** Plain data first, then {@link Serializer#standard()}. */
    static MessageSerializer standard() {
        return STANDARD;
    }

    /**
     * Plain data first, then {@code inner}.
     *
     * @throws IllegalArgumentException if {@code inner} cannot travel to the manager's process
     */
    static MessageSerializer over(Serializer inner) {
        if (inner == null || inner == Serializer.standard()) {
            return STANDARD;
        }
        if (!(inner instanceof Serializable)) {
            throw new IllegalArgumentException("a manager's serializer travels to the manager's process, so "
                    + inner.getClass().getName() + " must implement java.io.Serializable");
        }
        return new MessageSerializer(inner);
    }

    private Serializer inner() {
        return inner != null ? inner : Serializer.standard();
    }

    @Override
    public byte[] dumps(Object message) {
        if (message instanceof Reply && ((Reply) message).getPayload() instanceof PythonObject) {
            Reply reply = (Reply) message;
            message = new Reply(reply.getKind(), PythonObject.javaForm(reply.getPayload()));
        }
        PlainOutput out = new PlainOutput(0, 64);
        out.writeByte(Tags.COMPACT);
        if (message instanceof Request && writeRequest((Request) message, out)
                || message instanceof Reply && writeReply((Reply) message, out)) {
            return out.toArray();
        }
        return Envelope.serialized(message, 0, inner());
    }

    private static boolean writeRequest(Request request, PlainOutput out) {
        out.writeByte(REQUEST);
        if (request.getIdent() == null) {
            out.writeByte(NO_IDENT);
        } else {
            out.writeByte(IDENT);
            out.writeString(request.getIdent());
        }
        out.writeString(request.getMethod());
        return writeList(request.getArgs(), out, 0) && writeMap(request.getKwds(), out, 0);
    }

    private static boolean writeReply(Reply reply, PlainOutput out) {
        out.writeByte(REPLY);
        out.writeString(reply.getKind());
        return writePlain(reply.getPayload(), out, 0);
    }

    /** Writes {@code value} if it is plain data; false (the output then useless) if not. */
    private static boolean writePlain(Object value, PlainOutput out, int depth) {
        if (Scalars.tagOf(value) >= 0) {
            out.writeScalar(value);
            return true;
        }
        if (depth >= MAX_DEPTH) {
            return false;
        }
        Class<?> type = value.getClass();
        if (type == ArrayList.class) {
            out.writeByte(Tags.LIST);
            return writeList((List<?>) value, out, depth + 1);
        }
        if (type == HashMap.class || type == LinkedHashMap.class) {
            out.writeByte(DICT);
            return writeMap((Map<?, ?>) value, out, depth + 1);
        }
        return false;
    }

    /** The tag of a plain dict: a count, then keys and values as plain data. */
    private static final byte DICT = 21;

    private static boolean writeList(List<?> list, PlainOutput out, int depth) {
        out.writeInt(list.size());
        for (Object item : list) {
            if (!writePlain(item, out, depth)) {
                return false;
            }
        }
        return true;
    }

    private static boolean writeMap(Map<?, ?> map, PlainOutput out, int depth) {
        out.writeInt(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!writePlain(e.getKey(), out, depth) || !writePlain(e.getValue(), out, depth)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Object loads(byte[] bytes, int offset, int length) {
        try {
            return Envelope.open(new PlainInput(bytes, offset, length), (tag, in) -> {
                if (tag != Tags.COMPACT) {
                    throw new IOException("not a manager message: tag " + tag);
                }
                return readMessage(in);
            }, inner()::loads);
        } catch (IOException e) {
            throw new SerializationException("cannot read a manager message of " + length + " bytes: " + e.getMessage(), e);
        }
    }

    private static Object readMessage(PlainInput in) throws IOException {
        byte kind = in.readByte();
        if (kind == REQUEST) {
            byte hasIdent = in.readByte();
            if (hasIdent != NO_IDENT && hasIdent != IDENT) {
                throw new IOException("a request's ident flag is " + hasIdent);
            }
            String ident = hasIdent == IDENT ? in.readString() : null;
            String method = in.readString();
            List<Object> args = readList(in, 0);
            Map<Object, Object> kwds = readMap(in, 0);
            for (Object key : kwds.keySet()) {
                if (!(key instanceof String)) {
                    throw new IOException("a keyword argument's name is not a str: " + key);
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> named = (Map<String, Object>) (Map<?, ?>) kwds;
            return Request.owning(ident, method, args, named);
        }
        if (kind == REPLY) {
            return new Reply(in.readString(), readPlain(in, 0));
        }
        throw new IOException("unknown message kind " + kind);
    }

    private static Object readPlain(PlainInput in, int depth) throws IOException {
        byte tag = in.readByte();
        if (tag == Tags.LIST || tag == DICT) {
            if (depth >= MAX_DEPTH) {
                throw new IOException("plain data nested deeper than " + MAX_DEPTH);
            }
            return tag == Tags.LIST ? readList(in, depth + 1) : readMap(in, depth + 1);
        }
        return in.readScalarBody(tag);
    }

    private static List<Object> readList(PlainInput in, int depth) throws IOException {
        int size = in.readCount(1, "list items");
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(readPlain(in, depth));
        }
        return list;
    }

    private static Map<Object, Object> readMap(PlainInput in, int depth) throws IOException {
        int size = in.readCount(2, "dict items");
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readPlain(in, depth), readPlain(in, depth));
        }
        return map;
    }

    /** The standard instance stays the one instance after a trip to another process. */
    private Object readResolve() throws ObjectStreamException {
        return inner == null ? STANDARD : this;
    }
}
