package org.multiprocessing4j.managers;

import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;

import java.time.Duration;

/**
 * The proxy of a managed {@code Queue} or {@code JoinableQueue}: Python's {@code queue.Queue}
 * methods through CPython's {@code AutoProxy}, with the names and exceptions of this library's
 * {@link org.multiprocessing4j.queues.Queue} ({@link Empty}, {@link Full}). Unlike that queue,
 * a {@code put} is done when it returns (no feeder thread), and the queue may be reached from
 * any process that connects to the manager.
 *
 * <pre>{@code
 * QueueProxy<String> q = manager.queue();
 * new Process(() -> q.put("hello")).start();
 * q.get(Duration.ofSeconds(5));   // "hello"
 * }</pre>
 *
 * <p>A call that waits ({@code get} on an empty queue, {@code put} on a full one, {@code join})
 * waits in the manager; it is not cancelled by {@link Thread#interrupt()} (its thread is in the
 * manager), and ends with a {@link ManagerConnectionException} if the manager goes away.
 */
public final class QueueProxy<E> extends BaseProxy {
    private static final long serialVersionUID = 1L;

    QueueProxy(AutoProxy core) {
        super(core);
    }

    private static double seconds(Duration timeout) {
        return timeout.toNanos() / 1e9;
    }

    /** Python's {@code q.put(item)}: waits while the queue is full. */
    public void put(E item) {
        call("put", item);
    }

    /** Python's {@code q.put(item, timeout=t)}. */
    public void put(E item, Duration timeout) throws Full {
        put(item, true, timeout);
    }

    /** Python's {@code q.put(item, block, timeout)}; a null timeout waits for ever. */
    public void put(E item, boolean block, Duration timeout) throws Full {
        try {
            invoke("put", item, block, timeout == null ? null : seconds(timeout));
        } catch (Full e) {
            throw e;
        } catch (Exception e) {
            throw Unchecked.of(e);
        }
    }

    /** Python's {@code q.put_nowait(item)}. */
    public void putNowait(E item) throws Full {
        put(item, false, null);
    }

    /** Python's {@code q.get()}: waits for an item. */
    @SuppressWarnings("unchecked")
    public E get() {
        return (E) call("get");
    }

    /** Python's {@code q.get(timeout=t)}. */
    public E get(Duration timeout) throws Empty {
        return get(true, timeout);
    }

    /** Python's {@code q.get(block, timeout)}; a null timeout waits for ever. */
    @SuppressWarnings("unchecked")
    public E get(boolean block, Duration timeout) throws Empty {
        try {
            return (E) invoke("get", block, timeout == null ? null : seconds(timeout));
        } catch (Empty e) {
            throw e;
        } catch (Exception e) {
            throw Unchecked.of(e);
        }
    }

    /** Python's {@code q.get_nowait()}. */
    public E getNowait() throws Empty {
        return get(false, null);
    }

    /** Python's {@code q.qsize()}. */
    public int qsize() {
        return ((Number) call("qsize")).intValue();
    }

    /** Python's {@code q.empty()}. */
    public boolean empty() {
        return (Boolean) call("empty");
    }

    /** Python's {@code q.full()}. */
    public boolean full() {
        return (Boolean) call("full");
    }

    /**
     * Python's {@code q.task_done()}.
     *
     * @throws IllegalArgumentException (Python's ValueError) if called more times than items were put
     */
    public void taskDone() {
        call("task_done");
    }

    /** Python's {@code q.join()}: waits until every item put was marked done. */
    public void join() {
        call("join");
    }
}
