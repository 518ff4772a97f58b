package org.multiprocessing4j.internal.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.testing.ProcFs;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Shared-memory segments of the running system: two mappings of one segment see each other's
 * writes, names are created once and attached to, and a word waited on in one mapping is woken
 * through another (a futex keyed by address alone, as a private one is, would not wake).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SegmentsTest {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private final Segments segments = Platform.segments();
    private final Descriptors descriptors = Platform.descriptors();

    @Test
    void twoMappingsOfAnAnonymousSegmentSeeEachOthersWrites() throws IOException {
        long handle = segments.createAnonymous(10_000);
        try {
            assertTrue(segments.size(handle) >= 10_000, "size " + segments.size(handle));
            ByteBuffer first = segments.map(handle, 10_000);
            ByteBuffer second = segments.map(handle, 10_000);
            assertTrue(first.isDirect());
            assertEquals(0, second.getLong(9_992), "a new segment is zero-filled");
            first.putLong(9_992, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, second.getLong(9_992));
            second.put(0, (byte) 42);
            assertEquals(42, first.get(0));
        } finally {
            descriptors.close(handle);
        }
    }

    @Test
    void aNamedSegmentIsCreatedOnceAndAttachedTo() throws IOException {
        // Short: macOS takes names of up to 31 bytes.
        String name = "mp4jt" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        long created = segments.open(name, true, 4096);
        long attached = -1;
        try {
            assertThrows(FileAlreadyExistsException.class, () -> descriptors.close(segments.open(name, true, 4096)));
            attached = segments.open(name, false, 0);
            assertTrue(segments.size(attached) >= 4096, "size " + segments.size(attached));
            segments.map(created, 4096).putInt(100, 7);
            assertEquals(7, segments.map(attached, 4096).getInt(100));
        } finally {
            DescriptorIo.closeAll(created, attached);
            segments.unlink(name);
        }
    }

    @Test
    void anUnlinkedNameCanNoLongerBeAttachedToWhileItsMappingLives() throws IOException {
        assumeFalse(ProcFs.WINDOWS, "a Windows name goes with its last handle; unlink does nothing there");
        String name = "mp4jt" + ProcessHandle.current().pid() + "-u";
        long created = segments.open(name, true, 4096);
        ByteBuffer memory;
        try {
            memory = segments.map(created, 4096);
        } finally {
            descriptors.close(created);
            segments.unlink(name);
        }
        assertThrows(NoSuchFileException.class, () -> descriptors.close(segments.open(name, false, 0)));
        assertThrows(NoSuchFileException.class, () -> segments.unlink(name));
        memory.putInt(0, 5);
        assertEquals(5, memory.getInt(0));
    }

    @Test
    void attachingToANameNobodyCreatedFails() {
        String name = "mp4jt" + ProcessHandle.current().pid() + "-none";
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> descriptors.close(segments.open(name, false, 0)));
        assertEquals(name, e.getFile());
    }

    @Test
    void badNamesAndSizesAreRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> segments.open("", true, 4096));
        long handle = segments.createAnonymous(4096);
        try {
            assertThrows(IllegalArgumentException.class, () -> segments.map(handle, 0));
            assertThrows(IllegalArgumentException.class, () -> segments.map(handle, Integer.MAX_VALUE + 1L));
        } finally {
            descriptors.close(handle);
        }
    }

    @Test
    void aWaitOnAWordThatHoldsAnotherValueReturnsAtOnce() throws Exception {
        withAnonymousMapping(memory -> {
            INT.setVolatile(memory, 0, 1);
            long waited = timedAwait(memory, 0, TimeUnit.SECONDS.toNanos(20));
            assertTrue(waited < TimeUnit.SECONDS.toNanos(10), "waited although the word differs");
        });
    }

    @Test
    void aWaitNobodyWakesEndsByItsTimeOut() throws Exception {
        withAnonymousMapping(memory -> {
            long waited = timedAwait(memory, 0, TimeUnit.MILLISECONDS.toNanos(200));
            assertTrue(waited < TimeUnit.SECONDS.toNanos(10), "the time-out was not kept");
        });
    }

    /** A test on the mapping of a fresh anonymous segment. */
    @FunctionalInterface
    private interface OnMapping {
        void run(ByteBuffer memory) throws Exception;
    }

    private void withAnonymousMapping(OnMapping test) throws Exception {
        long handle = segments.createAnonymous(4096);
        try {
            test.run(segments.map(handle, 4096));
        } finally {
            descriptors.close(handle);
        }
    }

    /** How long, in nanoseconds, a wait on word 0 while it holds {@code expected} took. */
    private long timedAwait(ByteBuffer memory, int expected, long timeoutNanos) {
        long start = System.nanoTime();
        segments.awaitWord(memory, 0, expected, timeoutNanos);
        return System.nanoTime() - start;
    }

    @Test
    void aWakeThroughOneMappingEndsAWaitInAnotherThreadOnAnotherMapping() throws Exception {
        long handle = segments.createAnonymous(4096);
        try {
            ByteBuffer waiterView = segments.map(handle, 4096);
            ByteBuffer wakerView = segments.map(handle, 4096);
            int offset = 64;
            CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                // A wait may return early for no reason; only the word says it is over.
                while ((int) INT.getVolatile(waiterView, offset) == 0) {
                    segments.awaitWord(waiterView, offset, 0, TimeUnit.SECONDS.toNanos(45));
                }
                return System.nanoTime() - start;
            });
            Thread.sleep(300);
            assertFalse(waiter.isDone(), "the waiter did not wait");
            INT.setVolatile(wakerView, offset, 1);
            segments.wakeWord(wakerView, offset, 1);
            long waitedNanos = waiter.get(50, TimeUnit.SECONDS);
            assertTrue(waitedNanos < TimeUnit.SECONDS.toNanos(20),
                    "the wake did not end the wait: " + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms");
        } finally {
            descriptors.close(handle);
        }
    }
}
