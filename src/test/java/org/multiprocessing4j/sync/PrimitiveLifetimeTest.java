package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.shared.SharedMemory;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.LifetimeContract;
import org.multiprocessing4j.testing.Lifetimes;
import org.multiprocessing4j.testing.ProcFs;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How long the primitives hold what the system gives them: many of them need few descriptors,
 * whether they are closed or only dropped; close() ends this process's use at once, and never
 * another process's.
 */
class PrimitiveLifetimeTest extends LifetimeContract {
    /** Every kind of this package, 20,000 of each, made one after the other. */
    static final String[] KINDS = {"lock:20000", "rlock:20000", "semaphore:20000", "boundedsemaphore:20000",
            "event:20000", "condition:20000", "barrier:20000"};

    PrimitiveLifetimeTest() {
        super(KINDS);
        maker("Lock", Lock::new);
        maker("RLock", RLock::new);
        maker("Semaphore", () -> new Semaphore(2));
        maker("BoundedSemaphore", () -> new BoundedSemaphore(2));
        maker("Event", Event::new);
        maker("Condition", Condition::new);
        maker("Barrier", () -> new Barrier(3));
    }

    @Test
    void everyUseAfterCloseSaysWhatIsClosedAndCloseIsIdempotent() {
        Lock lock = new Lock();
        RLock rlock = new RLock();
        Semaphore semaphore = new Semaphore(1);
        BoundedSemaphore bounded = new BoundedSemaphore(1);
        Event event = new Event();
        Condition condition = new Condition();
        Barrier barrier = new Barrier(2);
        for (AutoCloseable closeable : List.<AutoCloseable>of(lock, rlock, semaphore, bounded, event, condition, barrier)) {
            assertDoesNotThrow(closeable::close);
            assertDoesNotThrow(closeable::close);
        }
        Lifetimes.assertClosed("Lock", lock::lock);
        Lifetimes.assertClosed("Lock", lock::tryLock);
        Lifetimes.assertClosed("Lock", lock::release);
        Lifetimes.assertClosed("Lock", lock::isLocked);
        Lifetimes.assertClosed("RLock", () -> rlock.acquire(Duration.ofSeconds(1)));
        Lifetimes.assertClosed("RLock", rlock::getHoldCount);
        Lifetimes.assertClosed("Semaphore", semaphore::acquire);
        Lifetimes.assertClosed("Semaphore", semaphore::release);
        Lifetimes.assertClosed("Semaphore", semaphore::getValue);
        Lifetimes.assertClosed("BoundedSemaphore", bounded::tryAcquire);
        Lifetimes.assertClosed("BoundedSemaphore", bounded::release);
        Lifetimes.assertClosed("Event", event::set);
        Lifetimes.assertClosed("Event", event::isSet);
        Lifetimes.assertClosed("Event", () -> event.await(Duration.ofSeconds(1)));
        Lifetimes.assertClosed("Condition", condition::signal);
        Lifetimes.assertClosed("Condition", () -> condition.await(Duration.ofSeconds(1)));
        Lifetimes.assertClosed("Barrier", () -> barrier.await(Duration.ofSeconds(1)));
        Lifetimes.assertClosed("Barrier", barrier::reset);
        Lifetimes.assertClosed("Barrier", barrier::getNumberWaiting);
        assertEquals("<Lock(closed)>", lock.toString());
        assertEquals("<RLock(closed)>", rlock.toString());
        assertEquals("<BoundedSemaphore(closed)>", bounded.toString());
        assertEquals("<Event(closed)>", event.toString());
        assertEquals("<Condition(closed)>", condition.toString());
        assertEquals("<Barrier(closed)>", barrier.toString());
    }

    @Test
    void closingAConditionClosesTheLockItMadeButNotOneItWasGiven() {
        Condition own = new Condition();
        own.close();
        Lifetimes.assertClosed("RLock", own.getLock()::lock);
        Lock given = new Lock();
        new Condition(given).close();
        assertTrue(given.tryLock());
        given.unlock();
        given.close();
    }

    @Test
    @Timeout(60)
    void aClosedPrimitiveIsNotHandedToAChild() {
        Lock lock = new Lock();
        lock.close();
        SerializationException e = assertThrows(SerializationException.class,
                () -> new Process(() -> lock.lock()).start());
        assertTrue(String.valueOf(e.getMessage()).contains("Lock is closed"), e.toString());
    }

    @Test
    @Timeout(60)
    void aLockClosedHereStillWorksInTheChildAndItsMemoryIsNotGivenToANewLock() throws Exception {
        childKeepsItsLockWhileThisProcessMakesNewOnes(true);
    }

    @Test
    @Timeout(60)
    void aLockDroppedHereStillWorksInTheChildAndItsMemoryIsNotGivenToANewLock() throws Exception {
        childKeepsItsLockWhileThisProcessMakesNewOnes(false);
    }

    /**
     * A child holds lock A; this process closes (or drops and collects) its copy of A, then makes
     * and locks new locks. If one of them were A's memory, the child would find A held by this
     * process (or free), not by itself.
     */
    private static void childKeepsItsLockWhileThisProcessMakesNewOnes(boolean close) throws Exception {
        try (SharedMemory flags = SharedMemory.create(8)) {
            ByteBuffer f = flags.getBuffer();
            WeakReference<Lock> dropped = new WeakReference<>(null);
            Process child;
            if (close) {
                Lock a = new Lock();
                child = startHolder(a, flags);
                awaitFlag(f, 0);
                a.close();
            } else {
                Object[] started = startHolderOfANewLock(flags);
                child = (Process) started[0];
                dropped = new WeakReference<>((Lock) started[1]);
                started[1] = null;
                awaitFlag(f, 0);
                for (int i = 0; i < 100 && dropped.get() != null; i++) {
                    System.gc();
                    Thread.sleep(20);
                }
                assertEquals(null, dropped.get(), "this process's copy of the lock was collected");
                System.gc();
                Thread.sleep(200); // its memory's cleaner runs after the collection
            }
            // Until a new arena is made (Linux: a new descriptor), so that every free block of
            // the others, A's if it were free, has been given to a new lock.
            List<Lock> fresh = new ArrayList<>();
            int descriptors = ProcFs.sharedMemoryDescriptors();
            while (fresh.size() < 20_000 || ProcFs.LINUX && fresh.size() < 1_000_000
                    && (fresh.size() % 256 != 0 || ProcFs.sharedMemoryDescriptors() <= descriptors)) {
                Lock b = new Lock();
                assertTrue(b.tryLock(), "a new lock is free");
                fresh.add(b);
            }
            f.put(1, (byte) 1);
            Children.finish(child);
            assertEquals(1, f.get(2), "the child found its lock held by itself, not by this process");
            assertEquals(1, f.get(3), "the child released and took its lock again");
            for (Lock b : fresh) {
                assertEquals("<Lock(owner=this process)>", b.toString());
                b.close();
            }
        }
    }

    private static Object[] startHolderOfANewLock(SharedMemory flags) {
        Lock a = new Lock();
        return new Object[] {startHolder(a, flags), a};
    }

    /** A child that takes {@code a}, says so in flag 0, waits for flag 1, then checks and reuses it. */
    private static Process startHolder(Lock a, SharedMemory flags) {
        return Children.start(() -> {
            ByteBuffer f = flags.getBuffer();
            a.acquire();
            f.put(0, (byte) 1);
            awaitFlag(f, 1);
            f.put(2, (byte) (a.toString().equals("<Lock(owner=this process)>") ? 1 : 2));
            a.release();
            f.put(3, (byte) (a.acquire(Duration.ofSeconds(5)) ? 1 : 2));
            a.release();
        });
    }

    static void awaitFlag(ByteBuffer flags, int index) throws InterruptedException {
        while (flags.get(index) == 0) {
            Thread.sleep(5);
        }
    }
}
