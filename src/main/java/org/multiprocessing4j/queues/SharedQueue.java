package org.multiprocessing4j.queues;

import org.multiprocessing4j.internal.memory.Segment;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.internal.memory.Words;

import java.lang.ref.Cleaner;

/**
 * The engine of a {@link Queue} in shared memory: CPython's {@code multiprocessing.Queue}, with
 * a feeder thread, a count of the elements in shared memory ({@link Ledger}) and the recovery
 * from killed processes that {@link Queue}'s documentation describes.
 *
 * @param <E> the elements' type
 */
class SharedQueue<E> extends Shared<E> implements Channel.Bounded<E> {
    private static final Cleaner CLEANER = Cleaner.create();

    private final int maxSize;
    final Ledger ledger;
    private final Ledger.Account account;
    private final Feeder feeder;

    /** A new queue of at most {@code maxSize} elements ({@link #bound}) through {@code serializer}. */
    SharedQueue(int maxSize, Serializer serializer) {
        this(bound(maxSize), Ledger.newSegment(bound(maxSize)), new Lock(), new Lock(), serializer);
    }

    /** Around the parts of a queue, made here or inherited; {@code segment} holds the counts. */
    SharedQueue(int maxSize, Segment segment, Lock readLock, Lock writeLock, Serializer serializer) {
        this(maxSize, segment, readLock, writeLock, new Ledger(segment), serializer);
    }

    private SharedQueue(int maxSize, Segment segment, Lock readLock, Lock writeLock, Ledger ledger, Serializer serializer) {
        super(segment, readLock, writeLock, ledger, serializer);
        this.maxSize = maxSize;
        this.ledger = ledger;
        this.account = ledger.account();
        this.feeder = new Feeder(ring, writeLock, account);
        Feeder closing = feeder;
        CLEANER.register(this, closing::close);
    }

    /** The most elements of a queue asked for with {@code maxSize}: 0 or less is unbounded. */
    static int bound(int maxSize) {
        return maxSize <= 0 ? Integer.MAX_VALUE : maxSize;
    }

    @Override
    public int maxSize() {
        return maxSize;
    }

    /** Serializes {@code item} in the caller's thread, takes a unit and hands it to the feeder. */
    @Override
    public void put(E item, long timeoutNanos) throws InterruptedException, Full {
        Encoded message = Encoded.of(item, serializer);
        if (!takeUnit(timeoutNanos)) {
            throw new Full();
        }
        feeder.put(message);
    }

    /**
     * Takes a unit for an element, waiting at most {@code timeoutNanos} (-1: for ever) while
     * there is none; while full, looks for dead processes whose elements still count.
     */
    private boolean takeUnit(long timeoutNanos) throws InterruptedException {
        if (account.tryTake()) {
            return true;
        }
        long deadline = Words.deadline(timeoutNanos);
        while (true) {
            lookForDead();
            if (account.tryTake()) {
                return true;
            }
            long slice = Words.slice(timeoutNanos, deadline);
            if (slice == 0) {
                return false;
            }
            ledger.awaitUnit(slice);
        }
    }

    @Override
    void messageEnded(boolean delivered) {
        ledger.release(1);
    }

    @Override
    void whileWaiting() {
        super.whileWaiting();
        lookForDead();
    }

    /**
     * Counts out, if this object has not looked for a while, what processes found dead had put
     * and not written.
     */
    final void lookForDead() {
        if (ledger.recoverIfDue(this::takeOverWriter) > 0) {
            countedOut();
        }
    }

    /** Told when elements left the count without being got (lost with a dead process, or dropped). */
    void countedOut() {
    }

    /** The elements put and not yet got, in every process, without looking for dead ones. */
    final int count() {
        return maxSize - ledger.free();
    }

    /** The elements put and not yet got, in every process, once dead ones are counted out. */
    @Override
    public int qsize() {
        lookForDead();
        return Math.max(0, count());
    }

    @Override
    public boolean full() {
        lookForDead();
        return ledger.free() <= 0;
    }

    /** This process puts no more; its feeder ends once it has written what is buffered. */
    @Override
    public void close() {
        super.close();
        feeder.close();
    }

    /** Waits until the feeder has written everything buffered and ended. */
    @Override
    public void joinThread() throws InterruptedException {
        feeder.join();
    }

    /** This process's exit will not wait for the feeder. */
    @Override
    public void cancelJoinThread() {
        feeder.cancelJoin();
    }

    @Override
    public Inherited inherited() {
        return new Inherited(Inherited.Kind.QUEUE, maxSize, segment, readLock, writeLock, null, serializer);
    }
}
