package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.runtime.Finalizers;

import java.time.Duration;

/**
 * Stops a manager's process: Python's {@code BaseManager._finalize_manager}. A shutdown message,
 * then a join of at most the shutdown timeout; then {@code terminate()}, and {@code kill()}.
 * Every connection of this process to the manager closes, so its proxies fail at once from
 * then on. It runs once: from {@code shutdown()}, when the manager object is garbage
 * collected, or at exit. It must not refer to the manager object.
 */
final class Shutdown implements Runnable {
    private final ManagerProcess process;
    private final ManagerLink link;
    private final Duration timeout;
    /** The exit action that runs this, cancelled once it ran. */
    volatile Finalizers.Registration atExit;

    Shutdown(ManagerProcess process, ManagerLink link, Duration timeout) {
        this.process = process;
        this.link = link;
        this.timeout = timeout;
    }

    @Override
    public void run() {
        Finalizers.Registration registration = atExit;
        if (registration != null && !Finalizers.exiting()) {
            registration.cancel();
        }
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            link.close();
        }
    }

    private void stop() throws InterruptedException {
        if (process == null || !process.process.isAlive()) {
            return;
        }
        ManagerLog.info("sending shutdown message to manager");
        try {
            link.oneShot("shutdown");
        } catch (RuntimeException alreadyGone) {
            // Ended meanwhile, or unreachable: the steps below end it anyway.
        }
        process.process.join(timeout);
        if (process.process.isAlive() && process.onThread) {
            ManagerLog.info("manager thread still alive after the shutdown message; a thread cannot be terminated");
            return;
        }
        if (process.process.isAlive()) {
            ManagerLog.info("manager still alive");
            ManagerLog.info("trying to `terminate()` manager process");
            process.process.terminate();
            process.process.join(timeout);
            if (process.process.isAlive()) {
                ManagerLog.info("manager still alive after terminate");
                process.process.kill();
                process.process.join();
            }
        }
    }
}
