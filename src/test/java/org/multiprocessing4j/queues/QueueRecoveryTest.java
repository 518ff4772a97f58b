package org.multiprocessing4j.queues;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.Logs;
import org.multiprocessing4j.testing.ProcFs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Processes killed in the middle of a message: the others go on, and no torn message is ever
 * delivered. A writer is caught mid-message by a message far larger than the ring, which it
 * cannot finish while nobody reads; a reader by stopping the writer (SIGSTOP) so that the reader
 * waits inside the message.
 */
class QueueRecoveryTest {
    static final int BIG = 8 << 20;
    static final Duration LONG = Duration.ofSeconds(30);

    /** A message no torn copy of could pass for: its length and its last byte are checked. */
    static byte[] big() {
        byte[] bytes = new byte[BIG];
        bytes[BIG - 1] = 99;
        return bytes;
    }

    static void awaitNotEmpty(BaseQueue<?> q) throws InterruptedException {
        while (q.empty()) {
            Thread.sleep(5);
        }
        Thread.sleep(300); // the writer fills the ring and blocks
    }

    static void signal(Process process, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.getPid())).start().waitFor());
    }

    static boolean warned(List<String> log, String text) {
        return log.stream().anyMatch(m -> m.startsWith("WARN") && m.contains(text));
    }

    @Test
    @Timeout(90)
    void aWriterKilledMidMessageLeavesTheQueueToTheOtherWriters() throws Exception {
        Queue<Object> q = new Queue<>();
        Process writer = Children.start(() -> {
            q.put(big());
            Thread.sleep(60_000);
        });
        awaitNotEmpty(q);
        long pid = writer.getPid();
        List<String> log = Logs.during(() -> {
            writer.kill();
            Children.finish(writer, -9);
            Process other = Children.start(() -> {
                for (int i = 0; i < 100; i++) {
                    q.put("m" + i);
                }
            });
            for (int i = 0; i < 100; i++) {
                assertEquals("m" + i, q.get(LONG), "the other writer's messages, whole and in order");
            }
            Children.finish(other);
        });
        assertTrue(warned(log, "process " + pid + " died holding it"), log.toString());
        assertTrue(q.empty());
        assertEquals(0, q.qsize(), "the aborted message's unit is given back");
        q.close();
    }

    @Test
    @Timeout(90)
    void aReaderWaitingInsideAMessageWhoseWriterIsKilledGoesOn() throws Exception {
        assumeFalse(ProcFs.WINDOWS, "stops the writer with SIGSTOP");
        Queue<Object> q = new Queue<>();
        Process writer = Children.start(() -> {
            q.put(big());
            Thread.sleep(60_000);
        });
        awaitNotEmpty(q);
        signal(writer, "STOP");
        CompletableFuture<Object> got = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                got.complete(q.get());
            } catch (Throwable t) {
                got.completeExceptionally(t);
            }
        });
        reader.start();
        while (!q.empty()) {
            Thread.sleep(5); // the reader takes what was published and waits inside the message
        }
        Thread.sleep(200);
        List<String> log = Logs.during(() -> {
            writer.kill();
            Children.finish(writer, -9);
            Thread.sleep(500); // the reader notices the dead writer and drops the message
            q.put("after");
            assertEquals("after", got.get());
        });
        assertTrue(warned(log, "a writer died in the middle of a message"), log.toString());
        reader.join();
        assertEquals(0, q.qsize());
        q.close();
    }

    @Test
    @Timeout(90)
    void aReaderKilledInsideAMessageDoesNotDesynchronizeTheOthers() throws Exception {
        assumeFalse(ProcFs.WINDOWS, "stops the writer with SIGSTOP");
        Queue<Object> q = new Queue<>();
        Process writer = Children.start(() -> {
            q.put(big());
            q.put("after");
            q.put(big());
        });
        awaitNotEmpty(q);
        signal(writer, "STOP");
        Process reader = Children.start(() -> q.get());
        while (!q.empty()) {
            Thread.sleep(5);
        }
        Thread.sleep(200);
        long pid = reader.getPid();
        List<String> log = Logs.during(() -> {
            reader.kill();
            Children.finish(reader, -9);
            signal(writer, "CONT");
            assertEquals("after", q.get(LONG), "the rest of the dead reader's message is skipped");
            byte[] last = (byte[]) q.get(LONG);
            assertEquals(BIG, last.length);
            assertEquals(99, last[BIG - 1]);
        });
        assertTrue(warned(log, "process " + pid + " died holding it"), log.toString());
        Children.finish(writer);
        assertEquals(0, q.qsize(), "the dead reader's message is counted out");
        q.close();
    }

    @Test
    @Timeout(90)
    void aSimpleQueueRecoversAsWell() throws Exception {
        SimpleQueue<Object> q = new SimpleQueue<>();
        Process writer = Children.start(() -> q.put(big()));
        awaitNotEmpty(q);
        writer.kill();
        Children.finish(writer, -9);
        Process other = Children.start(() -> q.put("intact"));
        assertEquals("intact", q.get());
        Children.finish(other);
        q.close();
    }
}
