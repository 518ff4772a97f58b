package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.engine.QueueEngine;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.io.Serializable;

/**
 * The engine of a queue kept outside this machine (the cluster context's: a Hazelcast
 * {@code IQueue}): each element is serialized in {@code put}, in the caller's thread, and handed
 * to the {@link QueueEngine} as bytes, which are in the queue when {@code put} returns. So there
 * is no feeder: {@code joinThread()} and {@code cancelJoinThread()} do nothing, and
 * {@code close()} only refuses this object's further use. Unlike the other engines, it travels
 * to any process, at a child's start as inside a pool's task or through a connection: it is
 * named, not inherited.
 *
 * @param <E> the elements' type
 */
final class EngineChannel<E> implements Channel.Unfed<E>, Serializable {
    private static final long serialVersionUID = 1L;

    private final QueueEngine engine;
    private final Serializer serializer;
    private final boolean joinable;

    /** @param joinable whether its front is a {@link JoinableQueue}, as it will be where it travels */
    EngineChannel(QueueEngine engine, Serializer serializer, boolean joinable) {
        this.engine = engine;
        this.serializer = serializer;
        this.joinable = joinable;
    }

    @Override
    public void put(E item, long timeoutNanos) throws InterruptedException, Full {
        if (!engine.offer(serializer.dumps(item), timeoutNanos)) {
            throw new Full();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public E take(long timeoutNanos) throws InterruptedException, Empty {
        byte[] element = engine.poll(timeoutNanos);
        if (element == null) {
            throw new Empty();
        }
        try {
            return (E) serializer.loads(element);
        } catch (IOException e) {
            throw new SerializationException("cannot read an element got from the queue: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean empty() {
        return engine.size() == 0;
    }

    /** Nothing to release here: the queue lives on, for the other processes. */
    @Override
    public void close() {
        // The engine's connection is this JVM's, shared by every queue of the cluster.
    }

    @Override
    public boolean inheritedOnly() {
        return false;
    }

    @Override
    public Object inherited() {
        return new Named(this);
    }

    @Override
    public int maxSize() {
        return engine.maxSize();
    }

    @Override
    public int qsize() {
        return engine.size();
    }

    @Override
    public boolean full() {
        return engine.size() >= engine.maxSize();
    }

    @Override
    public void taskDone() {
        if (!engine.taskDone()) {
            throw new IllegalStateException("task_done() called too many times");
        }
    }

    @Override
    public boolean join(long timeoutNanos) throws InterruptedException {
        return engine.join(timeoutNanos);
    }

    /** How the queue travels: its engine (which names the queue and how to reach it) and its serializer. */
    private static final class Named implements Serializable {
        private static final long serialVersionUID = 1L;

        private final EngineChannel<?> channel;

        Named(EngineChannel<?> channel) {
            this.channel = channel;
        }

        private Object readResolve() {
            return channel.joinable ? new JoinableQueue<>(channel) : new Queue<>(channel);
        }
    }
}
