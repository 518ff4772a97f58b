package org.multiprocessing4j.queues;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.memory.Words;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.Logs;

import java.nio.ByteBuffer;
import java.util.List;

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

    /**
     * A process killed while it counted out a dead producer's account leaves the slot marked
     * recovering with its pid; once a running process has that pid, the recoverer's identity
     * (its start time) tells them apart, and the next look counts the account out. Before, the
     * pid alone answered: the account's units stayed taken while the stranger ran, and a
     * {@code JoinableQueue}'s {@code join()} waited for its tasks for as long.
     */
    @Test
    void aRecovererIsKnownByItsStartTimeNotOnlyByItsPid() throws Exception {
        java.lang.Process stranger = new ProcessBuilder("sleep", "60").start();
        Queue<String> q = new Queue<>(10);
        try {
            Ledger ledger = ((SharedQueue<?>) q.channel).ledger;
            int pid = (int) stranger.pid();
            long start = Platform.processes().startTime(pid);
            assertTrue(start != 0, "no start time for pid " + pid);
            // An account holding an element it accepted and never wrote, as a killed producer's.
            Ledger.Account account = ledger.account();
            assertTrue(account.tryTake());
            assertEquals(9, ledger.free());
            int at = Ledger.at(account.slot());
            ByteBuffer memory = ledger.memory();
            Words.setLongVolatile(memory, at + Ledger.WORD, Ledger.RECOVERING | pid);
            long[] running = {
                0, // no identity written yet: the pid alone answers
                ((long) (pid + 1) << 32) | 12345, // a dead recoverer's before this one wrote its own
                ((long) pid << 32) | (start & 0xffff_ffffL), // the stranger's own
            };
            for (long recoverer : running) {
                Words.setLongVolatile(memory, at + Ledger.RECOVERER, recoverer);
                assertEquals(0, lookAgain(ledger), "recovered from a running recoverer, identity " + Long.toHexString(recoverer));
                assertEquals(9, ledger.free());
            }
            // An earlier process with that pid: its start time is not the stranger's.
            Words.setLongVolatile(memory, at + Ledger.RECOVERER, ((long) pid << 32) | ((start - 1) & 0xffff_ffffL));
            List<String> log = Logs.during(() -> assertEquals(1, lookAgain(ledger), "the dead recoverer's account counted out"));
            assertTrue(log.stream().anyMatch(m -> m.contains("counted them out")), log.toString());
            assertEquals(10, ledger.free());
            assertEquals(0, Words.getLongVolatile(memory, at + Ledger.WORD), "the slot is free");
            assertEquals(0, Words.getLongVolatile(memory, at + Ledger.RECOVERER), "no identity left for the next recoverer");
            assertEquals(0, Words.getLongVolatile(memory, at + Ledger.START), "no start time left for the next claimer");
            q.put("after");
            assertEquals("after", q.get(KilledProducersTest.LONG));
        } finally {
            stranger.destroyForcibly().waitFor();
            q.close();
        }
    }

    /**
     * A slot claimed by a process killed before it owned it is taken back when the table is full,
     * known dead by the start time it wrote once another process has its pid; a running claimer's
     * slot is not.
     */
    @Test
    void aClaimerIsKnownByItsStartTimeNotOnlyByItsPid() throws Exception {
        java.lang.Process stranger = new ProcessBuilder("sleep", "60").start();
        Queue<String> q = new Queue<>();
        try {
            Ledger ledger = ((SharedQueue<?>) q.channel).ledger;
            int pid = (int) stranger.pid();
            long start = Platform.processes().startTime(pid);
            assertTrue(start != 0, "no start time for pid " + pid);
            int at = Ledger.at(ledger.account().slot());
            ByteBuffer memory = ledger.memory();
            Words.setLongVolatile(memory, at + Ledger.WORD, Ledger.CLAIMING | pid);
            Words.setLongVolatile(memory, at + Ledger.START, start);
            for (int i = 0; i < Ledger.CAPACITY - 1; i++) {
                assertTrue(ledger.account().tryTake());
            }
            assertThrows(IllegalStateException.class, () -> ledger.account().tryTake(), "a running claimer's slot was taken");
            Words.setLongVolatile(memory, at + Ledger.START, start - 1);
            assertTrue(ledger.account().tryTake(), "the slot of a claimer whose pid another process has now is taken back");
        } finally {
            stranger.destroyForcibly().waitFor();
            q.close();
        }
    }

    /** Looks for dead processes once the last look is old enough to look again. */
    private static int lookAgain(Ledger ledger) throws InterruptedException {
        Thread.sleep(Ledger.LOOK_EVERY_NANOS / 1_000_000 + 1);
        return ledger.recoverIfDue(() -> false);
    }
}
