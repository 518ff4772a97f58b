package org.multiprocessing4j.internal.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.Lifetimes;

import java.nio.file.Path;

/**
 * Objects with a segment of their own (a queue's ring, a large array, shared memory) hold a
 * descriptor until closed or collected: a process that drops many of them without closing
 * them does not run out of descriptors, since making a segment at the limit collects garbage.
 */
class SegmentLifetimeTest {

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @Timeout(180)
    void queuesAndSegmentsDroppedWithoutCloseDoNotRunOutOfDescriptors(@TempDir Path dir) throws Exception {
        Lifetimes.churnWithFewDescriptors(dir, "drop", "queue:2000", "segment:20000");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @Timeout(180)
    void queuesAndSegmentsClosedOneAfterTheOtherNeedFewDescriptors(@TempDir Path dir) throws Exception {
        Lifetimes.churnWithFewDescriptors(dir, "close", "queue:2000", "segment:20000");
    }
}
