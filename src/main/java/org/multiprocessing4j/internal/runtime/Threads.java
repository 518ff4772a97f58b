package org.multiprocessing4j.internal.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The library's threads: every one is named {@code mp4j-…}, so that a thread dump shows at a
 * glance which threads are this library's, and is a daemon unless it says otherwise (a library
 * thread must never keep a JVM from exiting).
 */
public final class Threads {
    /** The prefix of every thread name. */
    public static final String PREFIX = "mp4j-";

    /** The thread that ends this child process: its main thread, once the target returned. */
    private static volatile Thread ending;
    /** The hooks of {@link #atExit}, in the order they were registered. */
    private static final List<Thread> EXIT_TASKS = new ArrayList<>();

    private Threads() {
    }

    /**
     * {@code mp4j-<name>}. With {@code concat} rather than {@code +}: a JVM links a {@code +}'s
     * call site at its first run, and the first one starts the JDK's string-concatenation
     * factory, about a millisecond of a child's processor time, where a thread's name was its
     * only use.
     */
    private static String threadName(String name) {
        return PREFIX.concat(name);
    }

    /** The root thread group: the JDK's own threads are in it, the application's below it. */
    public static ThreadGroup rootGroup() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root;
    }

    /**
     * The threads of this JVM that are alive now, read from the thread groups: no stack walk,
     * as {@code Thread.getAllStackTraces} would make.
     */
    public static List<Thread> all() {
        ThreadGroup root = rootGroup();
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count;
        while ((count = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return List.of(Arrays.copyOf(threads, count));
    }

    /** A daemon thread named {@code mp4j-<name>}, not started. */
    public static Thread daemon(String name, Runnable task) {
        return daemon(name, task, 0);
    }

    /** A daemon thread named {@code mp4j-<name>} with a stack of {@code stackSize} bytes (0: the default), not started. */
    public static Thread daemon(String name, Runnable task, long stackSize) {
        Thread thread = new Thread(null, task, threadName(name), stackSize);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * A daemon thread like {@link #daemon(String, Runnable, long)} whose {@link Thread#interrupt()}
     * also runs {@code onInterrupt}, in the interrupting thread, once the interrupt status is set.
     * For a thread that waits where an interrupt does not reach it (in native code, or in a JDK
     * pool's queue, which swallows it) and would otherwise outlive whoever stops a program's
     * threads by interrupting them: exec:java after {@code main}, a container ending an
     * application. {@code onInterrupt} ends what the thread waits for, or makes it stop; it must
     * be quick and must not wait for this thread. A failure of it is logged, not thrown at the
     * interrupter.
     */
    public static Thread daemon(String name, Runnable task, long stackSize, Runnable onInterrupt) {
        Thread thread = new Thread(null, task, threadName(name), stackSize) {
            @Override
            public void interrupt() {
                super.interrupt();
                try {
                    onInterrupt.run();
                } catch (RuntimeException | Error e) {
                    Log.root().warn("what an interrupt of {} ends failed", getName(), e);
                }
            }
        };
        thread.setDaemon(true);
        return thread;
    }

    /** A daemon thread named {@code mp4j-<name>}, started. */
    public static Thread start(String name, Runnable task) {
        Thread thread = daemon(name, task);
        thread.start();
        return thread;
    }

    /**
     * A thread named {@code mp4j-<name>} for {@link Runtime#addShutdownHook}, not registered:
     * for a hook that is not one of the library's exit tasks ({@link #atExit}).
     */
    public static Thread hook(String name, Runnable task) {
        return new Thread(null, task, threadName(name), 0);
    }

    /**
     * The thread of a process of the thread context, named {@code mp4j-<name>}, not started. It
     * runs the user's code, so it is a daemon only if that process is: a non-daemonic one keeps
     * the JVM alive until it ends, as a non-daemonic child does (CPython's
     * {@code multiprocessing.dummy} joins its threads at exit the same way).
     */
    public static Thread forProcess(String name, boolean daemon, Runnable task) {
        Thread thread = new Thread(null, task, threadName(name), 0);
        thread.setDaemon(daemon);
        return thread;
    }

    /**
     * A shutdown hook named {@code mp4j-<name>}, registered with the runtime; a child runs it
     * itself before it ends ({@link #runExitTasks()}).
     */
    public static void atExit(String name, Runnable task) {
        Thread hook = new Thread(task, threadName(name));
        synchronized (EXIT_TASKS) {
            EXIT_TASKS.add(hook);
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Marks the calling thread as the one that ends this process (a child's main thread, which
     * waits for the others once its target returned): a thread that keeps nothing running, for
     * a watch that ends foreign helpers once only they are left.
     */
    public static void endingHere() {
        ending = Thread.currentThread();
    }

    /** Whether {@code thread} is the one that ends this process ({@link #endingHere()}). */
    public static boolean isEnding(Thread thread) {
        return thread == ending;
    }

    /**
     * Runs the library's exit tasks now and waits for them: each in its own thread, all at once,
     * as the JVM's shutdown would run them, so that one waiting for another (a queue's feeder
     * for a reader the exit function joins) behaves as it does there. Each runs once: it is
     * taken off the JVM's hooks first. One whose hook the JVM's shutdown has already started
     * (this JVM is exiting) is left to it.
     */
    public static void runExitTasks() {
        List<Thread> tasks;
        synchronized (EXIT_TASKS) {
            tasks = new ArrayList<>(EXIT_TASKS);
            EXIT_TASKS.clear();
        }
        List<Thread> started = new ArrayList<>();
        for (Thread task : tasks) {
            try {
                Runtime.getRuntime().removeShutdownHook(task);
            } catch (IllegalStateException shuttingDown) {
                continue;
            }
            task.start();
            started.add(task);
        }
        for (Thread task : started) {
            try {
                task.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
