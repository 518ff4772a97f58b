package org.multiprocessing4j.managers;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Sentinel;
import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The target of a manager's process: Python's {@code BaseManager._run_server}. It runs the
 * initializer, makes the server, tells the parent its address through a one-way pipe, serves
 * until told to shut down or until its parent is gone (a manager whose starter was killed does
 * not outlive it; CPython's does), and exits with 0, logging the reference's lines.
 */
final class ServerProcess implements Target {
    private static final long serialVersionUID = 1L;
    /** Starts what the pipe carries when the server could not be made. */
    static final String FAILED = "!";

    private final Map<String, Registration> registry;
    private final Address address;
    private final byte[] authkey;
    private final Serializer serializer;
    private final Connection writer;
    private final Target initializer;
    /** A thread of the starting JVM (the thread context): it returns when done, and has no parent to watch. */
    private final boolean onThread;

    ServerProcess(Map<String, Registration> registry, Address address, byte[] authkey, Serializer serializer,
                  Connection writer, Target initializer, boolean onThread) {
        this.onThread = onThread;
        this.registry = registry;
        this.address = address;
        this.authkey = authkey;
        this.serializer = serializer;
        this.writer = writer;
        this.initializer = initializer;
    }

    @Override
    public void run() throws Exception {
        Server server;
        try {
            if (initializer != null) {
                initializer.run();
            }
            server = new Server(registry, address, authkey, serializer);
        } catch (Exception | Error e) {
            writer.sendBytes((FAILED + e).getBytes(StandardCharsets.UTF_8));
            writer.close();
            throw e;
        }
        writer.sendBytes(server.getAddress().toString().getBytes(StandardCharsets.UTF_8));
        writer.close();
        ManagerLog.info("manager bound to '{}'", server.getAddress());
        if (onThread) {
            server.serveForever();
            ManagerLog.info("manager thread ending");
            return;
        }
        watchParent(server);
        server.serveForever();
        ManagerLog.info("manager exiting with exitcode 0");
        // As CPython's serve_forever (sys.exit(0)): the exit function ends the pool workers it may have started.
        System.exit(0);
    }

    /** Stops the server when the process that started it ends, however it ends. */
    private static void watchParent(Server server) {
        Process parent = Multiprocessing.parentProcess();
        if (parent == null) {
            return;
        }
        Sentinel sentinel = parent.getSentinel();
        Threads.start("manager-parent-watch", () -> {
            try {
                Multiprocessing.wait(List.of(sentinel));
                ManagerLog.info("manager: the process that started it ({}) is gone: shutting down", parent.getName());
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
