package org.multiprocessing4j.internal.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two ways to a word in shared memory, Unsafe on the buffer's address and {@code VarHandle}s
 * over the buffer: the same answers and the same memory for every access, and every word
 * outside its buffer or misaligned refused by both before anything is touched (a wrong offset
 * must never become a write somewhere else in the process).
 */
@Timeout(60)
class WordsTest {
    private static final int SIZE = 64;

    /** One of the two ways, as the tests drive it. */
    private interface Way {
        long apply(ByteBuffer memory, int op, int offset, long a, long b);
    }

    private static final Way UNSAFE = (m, op, o, a, b) -> switch (op) {
        case 0 -> UnsafeWords.getIntVolatile(m, o);
        case 1 -> { UnsafeWords.setIntVolatile(m, o, (int) a); yield 0; }
        case 2 -> UnsafeWords.compareAndSetInt(m, o, (int) a, (int) b) ? 1 : 0;
        case 3 -> UnsafeWords.getAndSetInt(m, o, (int) a);
        case 4 -> UnsafeWords.getAndAddInt(m, o, (int) a);
        case 5 -> UnsafeWords.getLongVolatile(m, o);
        case 6 -> { UnsafeWords.setLongVolatile(m, o, a); yield 0; }
        case 7 -> UnsafeWords.compareAndSetLong(m, o, a, b) ? 1 : 0;
        case 8 -> { UnsafeWords.setLongRelease(m, o, a); yield 0; }
        default -> UnsafeWords.getAndAddLong(m, o, a);
    };

    private static final Way HANDLES = (m, op, o, a, b) -> switch (op) {
        case 0 -> HandleWords.getIntVolatile(m, o);
        case 1 -> { HandleWords.setIntVolatile(m, o, (int) a); yield 0; }
        case 2 -> HandleWords.compareAndSetInt(m, o, (int) a, (int) b) ? 1 : 0;
        case 3 -> HandleWords.getAndSetInt(m, o, (int) a);
        case 4 -> HandleWords.getAndAddInt(m, o, (int) a);
        case 5 -> HandleWords.getLongVolatile(m, o);
        case 6 -> { HandleWords.setLongVolatile(m, o, a); yield 0; }
        case 7 -> HandleWords.compareAndSetLong(m, o, a, b) ? 1 : 0;
        case 8 -> { HandleWords.setLongRelease(m, o, a); yield 0; }
        default -> HandleWords.getAndAddLong(m, o, a);
    };

    private static final int OPS = 10;

    private static boolean isLong(int op) {
        return op >= 5;
    }

    private static ByteBuffer direct() {
        return ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
    }

    private static byte[] bytes(ByteBuffer memory) {
        byte[] copy = new byte[memory.capacity()];
        memory.duplicate().clear().get(copy);
        return copy;
    }

    @Test
    void unsafeIsTakenWhereTheJdkAllowsItWithoutAWarning() {
        if (Runtime.version().feature() < 24) {
            assertTrue(UnsafeWords.AVAILABLE, "Unsafe word access should be available on JDK " + Runtime.version());
            assertTrue(Words.usesUnsafe());
        }
        assertEquals(UnsafeWords.AVAILABLE, Words.usesUnsafe());
    }

    @Test
    void bothWaysGiveTheSameAnswersAndLeaveTheSameMemory() {
        Random random = new Random(20261129);
        ByteBuffer viaUnsafe = direct();
        ByteBuffer viaHandles = direct();
        for (int i = 0; i < 20_000; i++) {
            int op = random.nextInt(OPS);
            int offset = isLong(op) ? 8 * random.nextInt(SIZE / 8) : 4 * random.nextInt(SIZE / 4);
            // Small values, so that compare-and-set succeeds as often as it fails.
            long a = random.nextInt(4) - 1;
            long b = random.nextBoolean() ? random.nextLong() : random.nextInt(4) - 1;
            long unsafe = UNSAFE.apply(viaUnsafe, op, offset, a, b);
            long handles = HANDLES.apply(viaHandles, op, offset, a, b);
            assertEquals(handles, unsafe, "op " + op + " at " + offset + ", step " + i);
            assertArrayEquals(bytes(viaHandles), bytes(viaUnsafe), "memory after op " + op + ", step " + i);
        }
    }

    @Test
    void eachWayReadsWhatTheOtherWroteInNativeOrder() {
        ByteBuffer memory = direct();
        UnsafeWords.setIntVolatile(memory, 4, 0x01020304);
        assertEquals(0x01020304, HandleWords.getIntVolatile(memory, 4));
        assertEquals(0x01020304, memory.getInt(4));
        HandleWords.setLongVolatile(memory, 8, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, UnsafeWords.getLongVolatile(memory, 8));
        assertTrue(UnsafeWords.compareAndSetLong(memory, 8, 0x0102030405060708L, -1L));
        assertEquals(-1L, memory.getLong(8));
        assertEquals(-1L, HandleWords.getAndAddLong(memory, 8, 1));
        assertEquals(0L, UnsafeWords.getLongVolatile(memory, 8));
    }

    @Test
    void aWordOutsideItsBufferOrMisalignedIsRefusedByBothWaysAndNothingIsWritten() {
        List<int[]> cases = new ArrayList<>();
        for (int op = 0; op < OPS; op++) {
            int size = isLong(op) ? 8 : 4;
            for (int offset : new int[]{-1, -size, SIZE - size + 1, SIZE, Integer.MAX_VALUE, Integer.MIN_VALUE, size / 2}) {
                cases.add(new int[]{op, offset});
            }
        }
        for (int[] c : cases) {
            ByteBuffer viaUnsafe = direct();
            ByteBuffer viaHandles = direct();
            Class<? extends Throwable> expected = assertThrows(RuntimeException.class,
                    () -> HANDLES.apply(viaHandles, c[0], c[1], -1, -1)).getClass();
            assertThrows(expected, () -> UNSAFE.apply(viaUnsafe, c[0], c[1], -1, -1), "op " + c[0] + " at " + c[1]);
            assertArrayEquals(new byte[SIZE], bytes(viaUnsafe), "op " + c[0] + " at " + c[1] + " wrote");
        }
    }

    @Test
    void aSliceWhoseWordsAreMisalignedIsRefusedByBothWays() {
        ByteBuffer slice = direct().position(1).slice().order(ByteOrder.nativeOrder());
        assertThrows(IllegalStateException.class, () -> HandleWords.compareAndSetInt(slice, 0, 0, 1));
        assertThrows(IllegalStateException.class, () -> UnsafeWords.compareAndSetInt(slice, 0, 0, 1));
        ByteBuffer aligned = direct().position(8).slice().order(ByteOrder.nativeOrder());
        assertTrue(UnsafeWords.compareAndSetInt(aligned, 0, 0, 7));
        assertEquals(7, HandleWords.getIntVolatile(aligned, 0));
    }

    @Test
    void unsafeWordsRefuseBuffersWordsNeverLiveIn() {
        ByteBuffer heap = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
        ByteBuffer readOnly = direct().asReadOnlyBuffer();
        for (ByteBuffer memory : List.of(heap, readOnly)) {
            for (int op = 0; op < OPS; op++) {
                int o = op;
                IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                        () -> UNSAFE.apply(memory, o, 0, 1, 1));
                assertTrue(refused.getMessage().contains("writable direct"), refused.getMessage());
            }
        }
        assertArrayEquals(new byte[SIZE], heap.array());
    }

    @Test
    void concurrentAddsThroughBothWaysAreAtomic() throws InterruptedException {
        ByteBuffer memory = direct();
        int rounds = 200_000;
        List<Thread> threads = new ArrayList<>();
        for (Way way : List.of(UNSAFE, HANDLES, UNSAFE, HANDLES)) {
            Consumer<Way> adder = w -> {
                for (int i = 0; i < rounds; i++) {
                    w.apply(memory, 4, 0, 1, 0);
                    w.apply(memory, 9, 8, 1, 0);
                }
            };
            threads.add(new Thread(() -> adder.accept(way)));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(4 * rounds, Words.getIntVolatile(memory, 0));
        assertEquals(4L * rounds, Words.getLongVolatile(memory, 8));
    }
}
