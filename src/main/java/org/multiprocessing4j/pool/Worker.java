package org.multiprocessing4j.pool;

import org.multiprocessing4j.Target;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.EOFException;
import java.io.IOException;

/**
 * The loop of a pool's worker process: runs the initializer once, then receives jobs
 * ({@code {id, serialized Work}}) on its connection and answers each with
 * {@code {id, true, results}} or {@code {id, false, exception}}, until it receives null, its
 * connection ends, or it has done {@code maxTasks} jobs (0: no limit).
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
            Object message;
            try {
                message = connection.recv();
            } catch (EOFException e) {
                return;
            }
            if (message == null) {
                return;
            }
            Object[] job = (Object[]) message;
            long id = (Long) job[0];
            byte[] payload = (byte[]) job[1];
            Object[] reply;
            try {
                Work work = (Work) Serializer.standard().loads(payload, 0, payload.length);
                reply = new Object[] {id, true, new Values(work.run())};
            } catch (Throwable e) {
                reply = new Object[] {id, false, e};
            }
            answer(reply);
        }
    }

    /** Sends the reply; a result or exception that cannot be serialized becomes an error that can. */
    private void answer(Object[] reply) throws IOException {
        try {
            connection.send(reply);
            return;
        } catch (SerializationException e) {
            Throwable replacement = Boolean.TRUE.equals(reply[1])
                    ? new SerializationException("the result of the task cannot be sent back: " + e.getMessage(), e)
                    : new RemoteTaskException((Throwable) reply[2]);
            reply = new Object[] {reply[0], false, replacement};
        }
        try {
            connection.send(reply);
        } catch (SerializationException e) {
            connection.send(new Object[] {reply[0], false, new RemoteTaskException((Throwable) reply[2])});
        }
    }
}
