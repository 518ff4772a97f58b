package org.multiprocessing4j.internal.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipes and connected pairs of the running system: bytes through them, their ends, waiting on several. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DescriptorsTest {
    private final Descriptors descriptors = Platform.descriptors();

    @Test
    void aPipeCarriesBytesAndEndsWhenItsWriteEndIsClosed() throws IOException {
        long[] pipe = descriptors.pipe();
        try {
            DescriptorIo.write(pipe[1], "héllo");
            assertEquals("héllo", DescriptorIo.readText(pipe[0], "héllo"));
            descriptors.close(pipe[1]);
            pipe[1] = -1;
            assertEquals(-1, DescriptorIo.readOne(pipe[0]));
        } finally {
            DescriptorIo.closeAll(pipe);
        }
    }

    @Test
    void aDuplexPairCarriesBytesBothWaysAndEndsWhenOneEndIsClosed() throws IOException {
        long[] pair = descriptors.duplexPair();
        try {
            DescriptorIo.write(pair[0], "ping");
            assertEquals("ping", DescriptorIo.readText(pair[1], "ping"));
            DescriptorIo.write(pair[1], "pong");
            assertEquals("pong", DescriptorIo.readText(pair[0], "pong"));
            descriptors.close(pair[0]);
            pair[0] = -1;
            assertEquals(-1, DescriptorIo.readOne(pair[1]));
        } finally {
            DescriptorIo.closeAll(pair);
        }
    }

    @Test
    void aDuplicateWritesToTheSamePipeAndOutlivesTheOriginal() throws IOException {
        long[] pipe = descriptors.pipe();
        long copy = -1;
        try {
            copy = descriptors.duplicate(pipe[1]);
            assertTrue(copy != pipe[1], "the duplicate is the same descriptor");
            DescriptorIo.write(copy, "one");
            descriptors.close(pipe[1]);
            pipe[1] = -1;
            DescriptorIo.write(copy, "two");
            assertEquals("onetwo", DescriptorIo.readText(pipe[0], "onetwo"));
            descriptors.close(copy);
            copy = -1;
            assertEquals(-1, DescriptorIo.readOne(pipe[0]), "the pipe did not end with its last write end");
        } finally {
            DescriptorIo.closeAll(pipe[0], pipe[1], copy);
        }
    }

    @Test
    void aReadOfNothingReturnsZeroAtOnce() throws IOException {
        long[] pipe = descriptors.pipe();
        try {
            assertEquals(0, descriptors.read(pipe[0], NativeBuffer.allocate(4), 0, 0));
        } finally {
            DescriptorIo.closeAll(pipe);
        }
    }

    /** More than a pipe buffers, from an offset: the writer loops over partial writes. */
    @Test
    void aLargeWriteFromAnOffsetArrivesWhole() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        int offset = 5;
        int length = data.length - offset - 3;
        long[] pipe = descriptors.pipe();
        try {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    descriptors.write(pipe[1], data, offset, length);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] received = DescriptorIo.readExactly(pipe[0], length);
            writer.get(30, TimeUnit.SECONDS);
            assertArrayEquals(Arrays.copyOfRange(data, offset, offset + length), received);
        } finally {
            DescriptorIo.closeAll(pipe);
        }
    }

    @Test
    void aNativeBufferIsWrittenFromItsOffset() throws IOException {
        NativeBuffer buffer = NativeBuffer.allocate(8);
        buffer.buffer().put(0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        long[] pipe = descriptors.pipe();
        try {
            descriptors.write(pipe[1], buffer, 2, 5);
            assertArrayEquals(new byte[] {3, 4, 5, 6, 7}, DescriptorIo.readExactly(pipe[0], 5));
        } finally {
            DescriptorIo.closeAll(pipe);
        }
    }

    @Test
    void writingToAPipeWithoutAReaderFails() throws IOException {
        long[] pipe = descriptors.pipe();
        descriptors.close(pipe[0]);
        try {
            assertThrows(IOException.class, () -> DescriptorIo.write(pipe[1], "lost"));
        } finally {
            descriptors.close(pipe[1]);
        }
    }

    @Test
    void waitReadyNamesTheReadyDescriptorsAmongSeveral() throws IOException {
        long[] a = descriptors.pipe();
        long[] b = descriptors.pipe();
        long[] c = descriptors.duplexPair();
        try {
            long[] watched = {a[0], b[0], c[0]};
            assertArrayEquals(new int[0], descriptors.waitReady(watched, 0));
            DescriptorIo.write(b[1], "x");
            assertArrayEquals(new int[] {1}, descriptors.waitReady(watched, 5_000));
            DescriptorIo.write(c[1], "y");
            descriptors.close(a[1]);
            a[1] = -1;
            // End of stream counts as ready: the read that follows reports it.
            assertArrayEquals(new int[] {0, 1, 2}, descriptors.waitReady(watched, 5_000));
        } finally {
            DescriptorIo.closeAll(a);
            DescriptorIo.closeAll(b);
            DescriptorIo.closeAll(c);
        }
    }

    @Test
    void waitReadyNamesEachIndexOfADescriptorGivenTwice() throws IOException {
        long[] pipe = descriptors.pipe();
        try {
            DescriptorIo.write(pipe[1], "x");
            assertArrayEquals(new int[] {0, 1}, descriptors.waitReady(new long[] {pipe[0], pipe[0]}, 5_000));
        } finally {
            DescriptorIo.closeAll(pipe);
        }
    }

    @Test
    void waitReadyGivesUpAfterItsTimeOut() throws IOException {
        long[] a = descriptors.pipe();
        long[] b = descriptors.duplexPair();
        try {
            long start = System.nanoTime();
            int[] ready = descriptors.waitReady(new long[] {a[0], b[0]}, 300);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertArrayEquals(new int[0], ready);
            assertTrue(elapsedMillis >= 250, "returned after " + elapsedMillis + " ms");
            assertTrue(elapsedMillis < 10_000, "returned after " + elapsedMillis + " ms");
        } finally {
            DescriptorIo.closeAll(a);
            DescriptorIo.closeAll(b);
        }
    }

    @Test
    void waitReadyWithoutTimeOutWaitsForAWriteOfAnotherThread() throws Exception {
        long[] pipe = descriptors.pipe();
        try {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(200);
                    DescriptorIo.write(pipe[1], "late");
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertArrayEquals(new int[] {0}, descriptors.waitReady(new long[] {pipe[0]}, -1));
            writer.get(30, TimeUnit.SECONDS);
            assertEquals("late", DescriptorIo.readText(pipe[0], "late"));
        } finally {
            DescriptorIo.closeAll(pipe);
        }
    }
}
