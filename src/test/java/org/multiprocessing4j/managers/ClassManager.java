package org.multiprocessing4j.managers;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.multiprocessing4j.testing.LeakCheck;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One manager for a whole test class, where starting one was most of each test's time:
 * {@code @RegisterExtension static final ClassManager MANAGER = new ClassManager(...)}, and in
 * the class {@code private final SyncManager manager = MANAGER.get();} (a test's instance is
 * made after the manager started).
 *
 * <p>Isolation per test: each test makes its own objects, and after it the manager must hold
 * as many as before it ({@link #objectsBefore()}). The leak check of the class runs after the
 * manager is closed, so its process and connections are still checked.
 */
final class ClassManager implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** The bound of starting and of closing the manager: the test methods' own @Timeout does not cover them. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final Supplier<SyncManager> start;
    private SyncManager manager;
    private LeakCheck.Snapshot beforeClass;
    private int objectsBefore;

    ClassManager(Supplier<SyncManager> start) {
        this.start = start;
    }

    /** The class's manager; started before the class's first test instance is made. */
    SyncManager get() {
        return manager;
    }

    /** How many objects the manager held when the running test began. */
    int objectsBefore() {
        return objectsBefore;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        beforeClass = LeakCheck.snapshot();
        manager = assertTimeoutPreemptively(BOUND, start::get, "starting the class's manager");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        objectsBefore = manager.numberOfObjects();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertEquals(objectsBefore, manager.numberOfObjects(), "objects of this test left in the manager");
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        closeManager();
        LeakCheck.verify(beforeClass);
    }

    /** Closes the manager and forgets it, so that the check's collection lets its process object go too. */
    private void closeManager() {
        SyncManager closing = manager;
        manager = null;
        if (closing != null) {
            assertTimeoutPreemptively(BOUND, closing::close, "closing the class's manager");
        }
    }
}
