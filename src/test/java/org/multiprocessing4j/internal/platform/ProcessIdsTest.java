package org.multiprocessing4j.internal.platform;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** This process's id and its parent's, as the JDK gives them, and Linux's stat lines read right. */
class ProcessIdsTest {
    @Test
    void theIdsAreTheOnesTheJdkGives() {
        assertEquals(ProcessHandle.current().pid(), ProcessIds.current());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), ProcessIds.parent());
    }

    @Test
    void aCommandWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "4242 (a) S 1 (b) c) S 977 4242 977 0 -1 4194560 150 0 0 0 1 0 0 0 20 0 1 0";
        assertEquals(4242, ProcessIds.pidOf(stat));
        assertEquals(977, ProcessIds.parentPidOf(stat));
        assertEquals(0, ProcessIds.parentPidOf("1 (systemd) S 0 1 1 0 -1"), "init, whose parent is 0");
    }

    @Test
    void aLineThatIsNotAStatLineIsRefusedNotMisread() {
        assertThrows(RuntimeException.class, () -> ProcessIds.parentPidOf("garbage"));
        assertThrows(RuntimeException.class, () -> ProcessIds.parentPidOf("12 (x) S"));
        assertThrows(RuntimeException.class, () -> ProcessIds.pidOf(""));
    }
}
