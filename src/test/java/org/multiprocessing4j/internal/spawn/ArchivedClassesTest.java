package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchivedClassesTest {
    @Test
    void theClassesOfSharedStatePackagesAreArchivedAndNothingElse() {
        assertTrue(ArchivedClasses.isArchived("org/multiprocessing4j/sync/Mutex.class"));
        assertTrue(ArchivedClasses.isArchived("org/multiprocessing4j/internal/memory/Segment$InArena.class"));
        assertTrue(ArchivedClasses.isArchived("org/multiprocessing4j/queues/Ring.class"));
        assertTrue(ArchivedClasses.isArchived("org/multiprocessing4j/pool/Worker.class"));
        assertFalse(ArchivedClasses.isArchived("org/multiprocessing4j/cluster/ClusterEngine.class"), "Hazelcast's would follow");
        assertFalse(ArchivedClasses.isArchived("org/multiprocessing4j/sync/package-info.class"));
        assertFalse(ArchivedClasses.isArchived("org/multiprocessing4j/sync/"));
        assertFalse(ArchivedClasses.isArchived("org/multiprocessing4j/sync/Lock.java"));
        assertFalse(ArchivedClasses.isArchived("com/example/sync/Mutex.class"));
    }
}
