package org.multiprocessing4j.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tests every package of small shared objects passes: many of them, made one after the
 * other, need few descriptors whether they are closed or only dropped, and closing them here
 * leaves this JVM's count of shared-memory descriptors flat.
 */
public abstract class LifetimeContract {
    private final String[] churnKinds;
    private final Map<String, Supplier<? extends AutoCloseable>> makers = new LinkedHashMap<>();

    /** @param churnKinds what {@link Churn} makes in a JVM with few descriptors: {@code kind:count} pairs */
    protected LifetimeContract(String... churnKinds) {
        this.churnKinds = churnKinds;
    }

    /** Adds the maker of one object of the kind {@code name}, for the flat-count test. */
    protected final void maker(String name, Supplier<? extends AutoCloseable> make) {
        makers.put(name, make);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @Timeout(180)
    void manyOfEachKindDroppedWithoutCloseFitInAThousandDescriptors(@TempDir Path dir) throws Exception {
        Lifetimes.churnWithFewDescriptors(dir, "drop", churnKinds);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @Timeout(180)
    void manyOfEachKindClosedFitInAThousandDescriptors(@TempDir Path dir) throws Exception {
        Lifetimes.churnWithFewDescriptors(dir, "close", churnKinds);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @Timeout(120)
    void makingAndClosingTenThousandOfEachKindLeavesTheDescriptorCountFlat() throws Exception {
        Lifetimes.assertDescriptorsStayFlat(makers);
    }
}
