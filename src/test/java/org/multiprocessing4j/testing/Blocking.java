package org.multiprocessing4j.testing;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Checks that a blocking call of the library answers {@link Thread#interrupt()}. */
public final class Blocking {
    private Blocking() {
    }

    /** A call that blocks. */
    public interface Call {
        void run() throws Exception;
    }

    /**
     * Runs {@code call} in a new thread, interrupts it once it blocks, and asserts that it ended
     * with {@link InterruptedException}.
     */
    public static void assertInterruptible(Call call) throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                call.run();
                outcome.set(new AssertionError("the call returned"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        waiter.start();
        Thread.sleep(100);
        waiter.interrupt();
        waiter.join();
        assertInstanceOf(InterruptedException.class, outcome.get());
    }
}
