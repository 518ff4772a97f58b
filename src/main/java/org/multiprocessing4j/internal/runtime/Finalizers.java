package org.multiprocessing4j.internal.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Actions that must run when this JVM exits, before its children are terminated and joined:
 * CPython's {@code util.Finalize} objects with an exit priority, run by {@code _run_finalizers}
 * at the start of {@code _exit_function}. A pool registers its termination here, so that at exit
 * it stops its workers itself instead of seeing them killed and starting new ones.
 */
public final class Finalizers {
    private static final Set<Registration> REGISTERED = new LinkedHashSet<>();
    private static volatile boolean exiting;

    private Finalizers() {
    }

    /**
     * Registers {@code action} to run at exit, unless cancelled first.
     *
     * @return the registration, to cancel once the action is no longer needed (ran, or the
     *         object it finalizes was closed), so that nothing is kept alive for it
     */
    public static Registration atExit(Runnable action) {
        Registration registration = new Registration(action);
        synchronized (REGISTERED) {
            REGISTERED.add(registration);
        }
        return registration;
    }

    /** Whether the exit actions have started to run: this JVM is exiting. */
    public static boolean exiting() {
        return exiting;
    }

    /**
     * Runs the registered actions, the most recent first (CPython's order for equal priority),
     * each once; one that fails is logged and does not stop the others.
     */
    public static void runAll() {
        exiting = true;
        List<Registration> pending;
        synchronized (REGISTERED) {
            pending = new ArrayList<>(REGISTERED);
            REGISTERED.clear();
        }
        Collections.reverse(pending);
        for (Registration registration : pending) {
            try {
                registration.action.run();
            } catch (RuntimeException | Error e) {
                Log.root().warn("an exit action failed", e);
            }
        }
    }

    /** One registered action. */
    public static final class Registration {
        private final Runnable action;

        private Registration(Runnable action) {
            this.action = action;
        }

        /** Forgets the action: it will not run at exit. */
        public void cancel() {
            synchronized (REGISTERED) {
                REGISTERED.remove(this);
            }
        }
    }
}
