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
            assertTrue(q.ledger.account().tryTake());
        }
        assertTrue(q.ledger.account().tryTake(), "the ended child's slot is taken back");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.ledger.account().tryTake());
        assertTrue(e.getMessage().contains("more than " + Ledger.CAPACITY), e.getMessage());
        assertEquals(Ledger.CAPACITY, q.qsize(), "the refused take took no unit");
        q.close();
    }
}
