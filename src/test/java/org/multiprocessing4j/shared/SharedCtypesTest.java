package org.multiprocessing4j.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.sync.Lock;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** CPython's {@code sharedctypes.copy} and {@code sharedctypes.synchronized}. */
class SharedCtypesTest {

    @Test
    void aCopyHoldsTheSameValuesInMemoryOfItsOwn() {
        try (RawValue<Double> value = new RawValue<>("d", 2.5); RawArray<Integer> array = new RawArray<>("i", List.of(1, 2, 3));
             RawArray<Byte> chars = new RawArray<>("c", 4)) {
            chars.setRaw(new byte[] {'a', 0, 'b'});
            try (RawValue<Double> valueCopy = SharedCtypes.copy(value); RawArray<Integer> arrayCopy = SharedCtypes.copy(array);
                 RawArray<Byte> charsCopy = SharedCtypes.copy(chars)) {
                assertEquals(2.5, valueCopy.get());
                assertEquals(List.of(1, 2, 3), arrayCopy.toList());
                assertEquals("a\0b\0", new String(charsCopy.getRaw(), java.nio.charset.StandardCharsets.ISO_8859_1));
                valueCopy.set(7.0);
                arrayCopy.set(0, 9);
                assertEquals(2.5, value.get(), "the copy shares memory with the original");
                assertEquals(1, array.get(0), "the copy shares memory with the original");
            }
        }
    }

    @Test
    @Timeout(60)
    void synchronizeGuardsTheObjectItselfAcrossProcesses() throws Exception {
        RawValue<Integer> raw = new RawValue<>("i", 0);
        Value<Integer> counter = SharedCtypes.synchronize(raw, null);
        assertInstanceOf(org.multiprocessing4j.sync.RLock.class, counter.getLock());
        assertSame(raw, counter.getObj());
        List<Process> children = List.of(new Process(() -> increment(counter)), new Process(() -> increment(counter)));
        children.forEach(Process::start);
        for (Process p : children) {
            p.join();
            assertEquals(0, p.getExitCode());
            p.close();
        }
        assertEquals(2_000, raw.get());
        try (Lock lock = new Lock()) {
            Array<Integer> guarded = SharedCtypes.synchronize(new RawArray<>("i", 2), lock);
            assertSame(lock, guarded.getLock());
            guarded.set(1, 5);
            assertEquals(List.of(0, 5), guarded.toList());
            guarded.close();
        }
        counter.close();
    }

    private static void increment(Value<Integer> counter) {
        for (int i = 0; i < 1_000; i++) {
            counter.getLock().lock();
            try {
                counter.getObj().set(counter.getObj().get() + 1);
            } finally {
                counter.getLock().unlock();
            }
        }
    }
}
