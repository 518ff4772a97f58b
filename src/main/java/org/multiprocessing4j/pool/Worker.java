package org.multiprocessing4j.pool;

import org.multiprocessing4j.Target;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.EOFException;
import java.nio.ByteBuffer;

/**
 * The loop of a pool's worker process: runs the initializer once, then receives jobs on its
 * connection and answers each, until it receives an empty message, its connection ends, or it
 * has done {@code maxTasks} jobs (0: no limit). Messages are bytes, so that only the work and
 * its outcome go through the serializer: a job is the id (8 bytes) and the serialized
 * {@link Work}; a reply is the id, a byte that is 1 for success, and the serialized
 * {@link Values} of the results or the exception.
 */
final class Worker implements Target {
    private static final long serialVersionUID = 1L;

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
            long id = ByteBuffer.wrap(job).getLong();
            boolean ok;
            Object outcome;
            try {
                Work work = (Work) Serializer.standard().loads(job, Long.BYTES, job.length - Long.BYTES);
                outcome = new Values(work.run());
                ok = true;
            } catch (Throwable e) {
                outcome = e;
                ok = false;
            }
            connection.sendBytes(reply(id, ok, outcome));
        }
    }

    /** The reply; a result or exception that cannot be serialized becomes an error that can. */
    private static byte[] reply(long id, boolean ok, Object outcome) {
        try {
            return message(id, ok ? 1 : 0, Serializer.standard().dumps(outcome));
        } catch (SerializationException e) {
            Throwable replacement = ok
                    ? new SerializationException("the result of the task cannot be sent back: " + e.getMessage(), e)
                    : new RemoteTaskException((Throwable) outcome);
            try {
                return message(id, 0, Serializer.standard().dumps(replacement));
            } catch (SerializationException again) {
                return message(id, 0, Serializer.standard().dumps(new RemoteTaskException(replacement)));
            }
        }
    }

    /** {@code id} (8 bytes), then {@code flag} as one byte unless it is negative, then {@code body}. */
    static byte[] message(long id, int flag, byte[] body) {
        int header = Long.BYTES + (flag < 0 ? 0 : 1);
        ByteBuffer message = ByteBuffer.allocate(header + body.length).putLong(id);
        if (flag >= 0) {
            message.put((byte) flag);
        }
        return message.put(body).array();
    }
}
