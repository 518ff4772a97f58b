package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Work;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The loop of a pool's worker process: runs the initializer once, then receives jobs on its
 * connection and answers each, until it receives an empty message, its connection ends, or it
 * has done {@code maxTasks} jobs (0: no limit).
 *
 * <p>Messages are bytes. A job is its id (8 bytes), a function slot (4 bytes, see
 * {@link FunctionSlots}), the length of the function's bytes (4 bytes; 0 when the slot already
 * holds it), those bytes ({@link FunctionCodec}) and the arguments ({@link Values}). A reply is
 * the id, a byte that is 1 for success, then the results ({@link Values}) or the serialized
 * exception.
 *
 * <p>The serializer is the worker's default, which is the pool's context's (the worker was
 * started through it). Jobs come from the parent over a private pipe and are read trusted; the
 * parent reads replies with the serializer's class policy, so an exception it would refuse is
 * sent as a {@link RemoteTaskException} instead.
 */
final class Worker implements Target {
    private static final long serialVersionUID = 1L;
    /** The bytes of a job before its function and arguments. */
    static final int JOB_HEADER = Long.BYTES + 2 * Integer.BYTES;
    static final int REPLY_HEADER = Long.BYTES + 1;

    private final Connection connection;
    private final Target initializer;
    private final int maxTasks;

    Worker(Connection connection, Target initializer, int maxTasks) {
        this.connection = connection;
        this.initializer = initializer;
        this.maxTasks = maxTasks;
    }

    @Override
    public void run() throws Exception {
        if (initializer != null) {
            initializer.run();
        }
        Serializer serializer = DefaultSerializer.get();
        WarmUp.inWorker(serializer, maxTasks);
        // A slot holds a function, or the exception that rebuilding it threw.
        Object[] functions = new Object[FunctionSlots.SLOTS];
        for (int done = 0; maxTasks == 0 || done < maxTasks; done++) {
            byte[] job;
            try {
                job = connection.recvBytes();
            } catch (EOFException e) {
                return;
            }
            if (job.length == 0) {
                return;
            }
            ByteBuffer header = ByteBuffer.wrap(job);
            long id = header.getLong();
            boolean ok;
            Object outcome;
            try {
                SerializableFunction<Object, Object> function = function(functions, header, serializer);
                int arguments = header.position();
                outcome = new Work(function, Values.decodeTrusted(job, arguments, job.length - arguments, serializer)).run();
                ok = true;
            } catch (Throwable e) {
                outcome = e;
                ok = false;
            }
            connection.sendBytes(reply(id, ok, outcome, serializer));
        }
    }

    /** Reads the function part of a job (leaving {@code job} at the arguments) and keeps it if told. */
    @SuppressWarnings("unchecked")
    private static SerializableFunction<Object, Object> function(Object[] functions, ByteBuffer job, Serializer serializer)
            throws Throwable {
        int slot = job.getInt();
        int length = job.getInt();
        Object function;
        if (length == 0) {
            function = functions[slot];
        } else {
            if (length < 0 || length > job.remaining()) {
                throw new SerializationException("a job announces a function of " + length + " bytes, "
                        + job.remaining() + " remain", null);
            }
            try {
                function = FunctionCodec.decode(job.array(), job.position(), length, serializer);
            } catch (SerializationException e) {
                function = e;
            }
            job.position(job.position() + length);
            if (slot != FunctionSlots.NOT_KEPT) {
                functions[slot] = function;
            }
        }
        if (function instanceof Throwable) {
            throw (Throwable) function;
        }
        return (SerializableFunction<Object, Object>) function;
    }

    /**
     * A job message. {@code arguments} are {@link Values} encoded after {@link #JOB_HEADER} free
     * bytes, where the header is written when the worker keeps the function already
     * ({@code function} null): the arguments of a large chunk are then not copied again.
     */
    static byte[] job(long id, int slot, byte[] function, byte[] arguments) {
        if (function == null) {
            ByteBuffer.wrap(arguments).putLong(id).putInt(slot).putInt(0);
            return arguments;
        }
        return ByteBuffer.allocate(arguments.length + function.length)
                .putLong(id).putInt(slot).putInt(function.length).put(function)
                .put(arguments, JOB_HEADER, arguments.length - JOB_HEADER).array();
    }

    /**
     * The reply; a result that cannot be serialized becomes an error that can, and an exception
     * that cannot be serialized, or that the parent's policy would refuse, a
     * {@link RemoteTaskException} carrying its class name, message and stack trace as strings.
     */
    private static byte[] reply(long id, boolean ok, Object outcome, Serializer serializer) {
        Throwable failure;
        if (ok) {
            try {
                byte[] reply = Values.encode((List<?>) outcome, REPLY_HEADER, serializer);
                ByteBuffer.wrap(reply).putLong(id).put((byte) 1);
                return reply;
            } catch (SerializationException e) {
                failure = new SerializationException("the result of the task cannot be sent back: " + e.getMessage(), e);
            }
        } else {
            failure = (Throwable) outcome;
        }
        byte[] body = readableByParent(failure, serializer);
        if (body == null) {
            body = readableByParent(new RemoteTaskException(failure), serializer);
        }
        if (body == null) {
            body = serializer.dumps(new RemoteTaskException(failure.getClass().getName(), String.valueOf(failure.getMessage())));
        }
        return message(id, 0, body);
    }

    /**
     * {@code failure} serialized, if the parent can read it back with the same serializer (the
     * pool's: its class policy is the parent's); null if not. Reading it here runs nothing the
     * parent would not: what the policy refuses is refused before any of its code runs.
     */
    private static byte[] readableByParent(Throwable failure, Serializer serializer) {
        byte[] body;
        try {
            body = serializer.dumps(failure);
        } catch (SerializationException e) {
            return null;
        }
        try {
            serializer.loads(body, 0, body.length);
            return body;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code id} (8 bytes), then {@code flag} as one byte, then {@code body}. */
    private static byte[] message(long id, int flag, byte[] body) {
        return ByteBuffer.allocate(REPLY_HEADER + body.length).putLong(id).put((byte) flag).put(body).array();
    }
}
