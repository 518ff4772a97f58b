package org.multiprocessing4j.internal.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK's registries of shutdown work can be read on the JDK the tests run on: where they
 * could not, every child would take the JVM's slow way out and nothing else would say so.
 */
class ShutdownRegistryTest {

    @Test
    void seesTheHooksAndTheFilesToDeleteThatAreRegistered(@TempDir Path dir) {
        ShutdownRegistry registry = ShutdownRegistry.open();
        assertNotNull(registry, "the shutdown registries of JDK " + Runtime.version() + " cannot be read");
        Thread hook = new Thread(() -> { });
        File file = dir.resolve("deleted-on-exit").toFile();
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            file.deleteOnExit();
            assertTrue(registry.hooks().contains(hook), "a hook registered after open() is not seen");
            assertTrue(registry.deleteOnExitFiles().contains(file.getPath()), registry.deleteOnExitFiles()::toString);
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        assertFalse(registry.hooks().contains(hook), "a removed hook is still seen");
    }
}
