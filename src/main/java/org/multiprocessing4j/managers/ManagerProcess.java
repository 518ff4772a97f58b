package org.multiprocessing4j.managers;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.ProcessError;
import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.function.Target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A manager's server process as its starter sees it: Python's {@code BaseManager.start()} —
 * the process, named after the manager's class as CPython names it ({@code SyncManager-1}),
 * and the address it reported through a one-way pipe. The starter waits for that address at
 * most {@value #READY_SECONDS} s, and not at all once the process has died.
 */
final class ManagerProcess {
    static final long READY_SECONDS = 60;

    final Process process;
    final Address address;
    /**
     * Whether the server runs on a thread of this JVM (the thread context's manager, as
     * {@code multiprocessing.dummy}'s objects live in the one process): it has no sentinel and
     * cannot be terminated; it ends with the shutdown message.
     */
    final boolean onThread;

    private ManagerProcess(Process process, Address address, boolean onThread) {
        this.process = process;
        this.address = address;
        this.onThread = onThread;
    }

    static ManagerProcess start(String managerName, Context context, ServerSettings settings, Target initializer) {
        Connection[] pipe;
        try {
            pipe = Pipe.open(false);
        } catch (IOException e) {
            throw new ProcessError("cannot make the pipe the manager reports its address on: " + e.getMessage(), e);
        }
        Connection reader = pipe[0];
        Connection writer = pipe[1];
        boolean onThread = "thread".equals(context.getStartMethod());
        Process process;
        try {
            process = context.process(new ServerProcess(settings.registry, settings.address, settings.authkey,
                    settings.serializer, writer, initializer, onThread));
            // CPython: type(self).__name__ + '-' + ':'.join(identity); the default name ends with the identity.
            String name = process.getName();
            process.setName(managerName + name.substring(name.indexOf('-')));
            process.start();
        } catch (RuntimeException e) {
            reader.close();
            writer.close();
            throw e;
        } finally {
            if (!onThread) {
                writer.close(); // the child has its own; a thread shares this one and closes it
            }
        }
        try {
            return new ManagerProcess(process, awaitAddress(process, reader, onThread), onThread);
        } catch (RuntimeException e) {
            if (!onThread) {
                process.kill();
            }
            throw e;
        } finally {
            reader.close();
        }
    }

    private static ProcessError endedEarly(Process process, IOException cause) {
        try {
            process.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ProcessError("the manager's process " + process.getName() + " ended with exit code "
                + process.getExitCode() + " before it served", cause);
    }

    private static Address awaitAddress(Process process, Connection reader, boolean onThread) {
        try {
            List<Object> waitables = onThread ? List.of(reader) : List.of(reader, process.getSentinel());
            List<Object> ready = Multiprocessing.wait(waitables, Duration.ofSeconds(READY_SECONDS));
            if (ready.contains(reader)) {
                String text = new String(reader.recvBytes(), StandardCharsets.UTF_8);
                if (text.startsWith(ServerProcess.FAILED)) {
                    throw new ProcessError("the manager's process could not start its server: " + text.substring(1));
                }
                return Address.parse(text);
            }
            if (ready.isEmpty()) {
                throw new ProcessError("the manager's process " + process.getName() + " did not report its address within "
                        + READY_SECONDS + " s");
            }
            throw endedEarly(process, null);
        } catch (IOException e) {
            // The pipe's end: the process died before it wrote its address.
            throw endedEarly(process, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessError("interrupted while the manager's process started", e);
        }
    }
}
