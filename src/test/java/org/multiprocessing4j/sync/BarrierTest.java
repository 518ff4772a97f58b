package org.multiprocessing4j.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.shared.SharedMemory;
import org.multiprocessing4j.testing.Blocking;
import org.multiprocessing4j.testing.Children;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarrierTest {
    private static final int ROUNDS = 5;

    @Test
    @Timeout(60)
    void threeProcessesMeetRoundAfterRoundAndTheActionRunsOncePerRound() throws Exception {
        try (SharedMemory state = SharedMemory.create(64)) {
            Barrier barrier = new Barrier(3, () -> {
                ByteBuffer buffer = state.getBuffer();
                buffer.putInt(0, buffer.getInt(0) + 1);
            }, Duration.ofSeconds(20));
            Process[] children = new Process[2];
            for (int i = 0; i < 2; i++) {
                int slot = i + 1;
                children[i] = Children.start(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        int index = barrier.await();
                        state.getBuffer().put(8 + round * 3 + index, (byte) slot);
                        barrier.await();
                    }
                });
            }
            for (int round = 0; round < ROUNDS; round++) {
                int index = barrier.await();
                state.getBuffer().put(8 + round * 3 + index, (byte) 3);
                barrier.await();
                Set<Byte> slots = new HashSet<>();
                for (int i = 0; i < 3; i++) {
                    slots.add(state.getBuffer().get(8 + round * 3 + i));
                }
                assertEquals(Set.of((byte) 1, (byte) 2, (byte) 3), slots, "indices 0..2 each taken once in round " + round);
            }
            for (Process child : children) {
                Children.finish(child);
            }
            assertEquals(2 * ROUNDS, state.getBuffer().getInt(0));
            assertEquals(0, barrier.getNumberWaiting());
            assertFalse(barrier.isBroken());
        }
    }

    @Test
    @Timeout(30)
    void aTimeoutBreaksItUntilReset() throws Exception {
        Barrier barrier = new Barrier(2);
        BrokenBarrierException e = assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofMillis(50)));
        assertEquals("timed out", e.getMessage());
        assertTrue(barrier.isBroken());
        assertThrows(BrokenBarrierException.class, barrier::await);
        barrier.reset();
        assertFalse(barrier.isBroken());
        assertEquals(0, new Barrier(1).await());
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
    }

    @Test
    @Timeout(60)
    void abortInAnotherProcessBreaksAWaitingParty() throws Exception {
        Barrier barrier = new Barrier(3);
        Process child = Children.start(() -> {
            while (barrier.getNumberWaiting() == 0) {
                Thread.sleep(5);
            }
            barrier.abort();
        });
        assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofSeconds(20)));
        Children.finish(child);
        assertTrue(barrier.isBroken());
        assertEquals(3, barrier.getParties());
    }

    @Test
    @Timeout(30)
    void aFailingActionBreaksTheBarrierAndReachesTheCaller() {
        Barrier barrier = new Barrier(1, () -> {
            throw new java.io.IOException("action failed");
        }, null);
        BrokenBarrierException e = assertThrows(BrokenBarrierException.class, barrier::await);
        assertInstanceOf(java.io.IOException.class, e.getCause());
        assertTrue(barrier.isBroken());
    }

    @Test
    @Timeout(30)
    void anInterruptedWaitBreaksIt() throws Exception {
        Barrier barrier = new Barrier(2);
        Blocking.assertInterruptible(barrier::await);
        assertTrue(barrier.isBroken());
    }
}
