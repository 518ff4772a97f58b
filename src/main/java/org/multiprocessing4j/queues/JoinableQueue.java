package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.internal.engine.Queues;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.serialization.Serializer;

import java.time.Duration;

/**
 * A {@link Queue} that counts unfinished tasks: CPython's {@code multiprocessing.JoinableQueue}.
 * Every put adds a task, {@link #taskDone()} ends one, {@link #join()} waits until none is left,
 * in any process. A message dropped because its writer or reader died counts as done, and so do
 * the elements a killed process had put and not written, once its death is noticed, so that
 * {@code join} does not wait for them for ever; a process killed in {@code join} delays no one.
 * Through the thread context ({@link #forThreads(int)}) it is CPython's
 * {@code multiprocessing.dummy.JoinableQueue}: elements pass by reference. Through the cluster
 * context its tasks are counted on the members, and the tasks a process got and had not done
 * when it left the cluster (killed too) are counted out by {@code join}, once the members have
 * seen it go.
 *
 * @param <E> the elements' type
 */
public class JoinableQueue<E> extends Queue<E> {
    private static final long serialVersionUID = 1L;

    static {
        Queues.install(JoinableQueue.class,
                (engine, serializer) -> new JoinableQueue<>(new EngineChannel<>(engine, serializer, true)));
    }

    private final transient Channel.Tasks<E> tasks;

    /** An unbounded joinable queue. */
    public JoinableQueue() {
        this(0);
    }

    /** CPython's {@code JoinableQueue(maxsize)}; 0 or less: unbounded. */
    public JoinableQueue(int maxSize) {
        this(maxSize, DefaultSerializer.get());
    }

    /** CPython's {@code JoinableQueue(maxsize)} whose elements go through {@code serializer}. */
    public JoinableQueue(int maxSize, Serializer serializer) {
        this(new SharedJoinableQueue<>(maxSize, java.util.Objects.requireNonNull(serializer, "serializer")));
    }

    /** A joinable queue in front of {@code channel}. */
    JoinableQueue(Channel.Tasks<E> channel) {
        super(channel);
        this.tasks = channel;
    }

    /**
     * A joinable queue for processes of the thread context, what
     * {@code Multiprocessing.context("thread").joinableQueue(maxSize)} makes: CPython's
     * {@code multiprocessing.dummy.JoinableQueue(maxsize)}. Elements pass by reference.
     *
     * @param maxSize at most this many elements at once; 0 or less: unbounded
     */
    public static <E> JoinableQueue<E> forThreads(int maxSize) {
        return new JoinableQueue<>(new LocalChannel<>(maxSize));
    }

    /**
     * CPython's {@code task_done()}: a task got from the queue is finished.
     *
     * @throws IllegalStateException if called more often than elements were put: CPython's
     *                               ValueError "task_done() called too many times"
     */
    public void taskDone() {
        tasks.taskDone();
    }

    /** CPython's {@code join()}: waits until every element put has been marked done. */
    public void join() throws InterruptedException {
        join(null);
    }

    /**
     * Waits at most {@code timeout} (null: for ever) until every element put has been marked
     * done. Every 0.1 s while it waits it looks for dead producers whose lost elements still
     * count as tasks.
     *
     * @return whether none is left unfinished
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return tasks.join(Words.nanos(timeout));
    }
}
