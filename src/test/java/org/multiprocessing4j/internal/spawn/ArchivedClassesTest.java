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
        // What a child of another kind than the recording one needs: a plain target's compact
        // readers, a connection's classes, the facade's.
        assertTrue(ArchivedClasses.isArchived("org/multiprocessing4j/ProcessEntry$CompactReader.class"));
        assertTrue(ArchivedClasses.isArchived("org/multiprocessing4j/internal/spawn/CompactEntry$Reader.class"));
        assertTrue(ArchivedClasses.isArchived("org/multiprocessing4j/connection/DescriptorLink.class"));
        assertFalse(ArchivedClasses.isArchived("org/multiprocessing4j/managers/SyncManager.class"));
        assertFalse(ArchivedClasses.isArchived("org/multiprocessing4j/cluster/ClusterEngine.class"), "Hazelcast's would follow");
        assertFalse(ArchivedClasses.isArchived("org/multiprocessing4j/sync/package-info.class"));
        assertFalse(ArchivedClasses.isArchived("org/multiprocessing4j/sync/"));
        assertFalse(ArchivedClasses.isArchived("org/multiprocessing4j/sync/Lock.java"));
        assertFalse(ArchivedClasses.isArchived("com/example/sync/Mutex.class"));
    }
}
