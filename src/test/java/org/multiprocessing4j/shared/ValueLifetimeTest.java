package org.multiprocessing4j.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.LifetimeContract;
import org.multiprocessing4j.testing.Lifetimes;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How long shared values and arrays hold what the system gives them: many need few
 * descriptors, closed or only dropped; close() ends this process's use at once.
 */
class ValueLifetimeTest extends LifetimeContract {
    static final String[] KINDS = {"value:20000", "array:20000", "rawvalue:20000", "rawarray:20000"};

    ValueLifetimeTest() {
        super(KINDS);
        maker("Value", () -> new Value<>("i", 7));
        maker("Array", () -> new Array<>("d", 100));
        maker("RawValue", () -> new RawValue<>("q", 7L));
        maker("RawArray", () -> new RawArray<>("b", 1000));
    }

    @Test
    void everyUseAfterCloseSaysWhatIsClosedAndCloseIsIdempotent() {
        Value<Integer> value = new Value<>("i", 1);
        Array<Integer> array = new Array<>("i", 3);
        RawValue<Integer> rawValue = new RawValue<>("i", 1);
        RawArray<Integer> rawArray = new RawArray<>("i", 3);
        for (AutoCloseable closeable : List.<AutoCloseable>of(value, array, rawValue, rawArray)) {
            assertDoesNotThrow(closeable::close);
            assertDoesNotThrow(closeable::close);
        }
        Lifetimes.assertClosed("Value", value::get);
        Lifetimes.assertClosed("Value", () -> value.set(2));
        Lifetimes.assertClosed("Array", () -> array.get(0));
        Lifetimes.assertClosed("Array", array::toList);
        Lifetimes.assertClosed("RawValue", rawValue::get);
        Lifetimes.assertClosed("RawArray", () -> rawArray.set(1, 5));
        Lifetimes.assertClosed("RawArray", rawArray::toList);
        assertEquals("<Value(closed)>", value.toString());
        assertEquals("<Array(closed)>", array.toString());
        assertEquals("RawValue(closed)", rawValue.toString());
        assertEquals("RawArray(closed)", rawArray.toString());
    }

    @Test
    void closingAValueClosesTheLockItMadeButNotOneItWasGiven() {
        Value<Integer> own = new Value<>("i", 1);
        own.close();
        assertThrows(IllegalStateException.class, own.getLock()::lock);
        Lock given = new Lock();
        Array<Integer> guarded = new Array<>("i", 3, given);
        guarded.close();
        assertTrue(given.tryLock());
        given.unlock();
        given.close();
    }

    @Test
    @Timeout(60)
    void aValueClosedHereKeepsItsValueInTheChildWhileThisProcessMakesNewOnes() throws Exception {
        try (SharedMemory flags = SharedMemory.create(8)) {
            Value<Long> value = new Value<>("q", 42L);
            Process child = Children.start(() -> {
                ByteBuffer f = flags.getBuffer();
                f.put(0, (byte) 1);
                while (f.get(1) == 0) {
                    Thread.sleep(5);
                }
                f.put(2, (byte) (value.get() == 42L ? 1 : 2));
                value.set(43L);
                f.put(3, (byte) (value.get() == 43L ? 1 : 2));
            });
            ByteBuffer f = flags.getBuffer();
            while (f.get(0) == 0) {
                Thread.sleep(5);
            }
            value.close();
            List<Value<Long>> fresh = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                fresh.add(new Value<>("q", -1L));
            }
            f.put(1, (byte) 1);
            Children.finish(child);
            assertEquals(1, f.get(2), "the child read the value it was given, not a new one's");
            assertEquals(1, f.get(3), "the child's value still works");
            for (Value<Long> v : fresh) {
                assertEquals(-1L, v.get());
                v.close();
            }
        }
    }
}
