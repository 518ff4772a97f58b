package org.multiprocessing4j.queues;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.testing.Children;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of accounts of a queue's {@link Ledger}: a slot per putting queue object, taken back from ended processes. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LedgerTest {

    @Test
    void aFullTableTakesBackTheSlotsOfEndedProcessesAndRefusesBeyond() throws Exception {
        Queue<String> q = new Queue<>();
        Process child = Children.start(() -> q.put("from a process that has ended"));
        Children.finish(child);
        assertEquals("from a process that has ended", q.get());
        // The child's slot is still marked as its own, with nothing in it: every other slot is
        // given to an account of this process, as if as many queue objects had put.
        for (int i = 0; i < Ledger.CAPACITY - 1; i++) {
            assertTrue(((SharedQueue<?>) q.channel).ledger.account().tryTake());
        }
        assertTrue(((SharedQueue<?>) q.channel).ledger.account().tryTake(), "the ended child's slot is taken back");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ((SharedQueue<?>) q.channel).ledger.account().tryTake());
        assertTrue(e.getMessage().contains("more than " + Ledger.CAPACITY), e.getMessage());
        assertEquals(Ledger.CAPACITY, q.qsize(), "the refused take took no unit");
        q.close();
    }

    /**
     * A process that counts out a dead producer's elements is killed right after it gave their
     * units back, before it settled the producer's account: the next to look settles it, and
     * gives nothing back twice, so the counts stay exact (a recoverer that settled first and
     * died before giving the units back lost them for good).
     */
    @Test
    void aRecovererKilledRightAfterGivingTheUnitsBackLeavesTheCountsExact() throws Exception {
        Queue<Object> q = new Queue<>();
        SharedQueue<?> shared = (SharedQueue<?>) q.channel;
        int held = 7;
        Process producer = Children.start(() -> {
            for (int i = 0; i < 3 + held; i++) {
                q.put(new byte[KilledProducersTest.QUARTER]); // three fill the ring: the feeder holds the others
            }
            Thread.sleep(60_000);
        });
        while (shared.count() < 3 + held) {
            Thread.sleep(5);
        }
        Thread.sleep(500); // the feeder writes three and waits for room
        producer.kill();
        Children.finish(producer, -9);
        Process recoverer = Children.start(() -> {
            Ledger.afterRelease = () -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            q.qsize(); // looks for dead processes: counts the producer's elements out, and stops there
        });
        long deadline = System.nanoTime() + KilledProducersTest.LONG.toNanos();
        while (shared.count() != 3 && System.nanoTime() < deadline) {
            Thread.sleep(5); // count() does not look for dead processes itself
        }
        assertEquals(3, shared.count(), "the recoverer gave the held elements' units back");
        recoverer.kill();
        Children.finish(recoverer, -9);

        assertEquals(3, q.qsize(), "looking again settles the account and gives nothing back twice");
        q.put("after");
        for (int i = 0; i < 3; i++) {
            assertEquals(KilledProducersTest.QUARTER, ((byte[]) q.get(KilledProducersTest.LONG)).length);
        }
        assertEquals("after", q.get(KilledProducersTest.LONG));
        assertEquals(0, q.qsize());
        q.close();
    }
}
