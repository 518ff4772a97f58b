package org.multiprocessing4j;

import org.slf4j.Marker;
import org.multiprocessing4j.connection.Wait;
import org.multiprocessing4j.connection.Waitable;
import org.multiprocessing4j.internal.runtime.Log;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The module-level functions of Python's {@code multiprocessing}: {@code current_process()},
 * {@code parent_process()}, {@code active_children()}, {@code cpu_count()},
 * {@code connection.wait()}, {@code get_context()}, {@code log_to_stderr()} and
 * {@code get_logger()}.
 */
public final class Multiprocessing {
    private Multiprocessing() {
    }

    /** The object of the process this code runs in: Python's {@code current_process()}. */
    public static Process currentProcess() {
        return ProcessTable.current();
    }

    /**
     * The parent of this process as seen from here, or null in the main process: Python's
     * {@code parent_process()}. It tells its name and pid, whether it is alive, and can be joined.
     */
    public static Process parentProcess() {
        return ProcessTable.parent();
    }

    /**
     * The live children of this process: Python's {@code active_children()}. As a side effect,
     * children that have ended are forgotten.
     */
    public static List<Process> activeChildren() {
        return ProcessTable.activeChildren();
    }

    /**
     * Python's {@code multiprocessing.Manager()}: a started {@link org.multiprocessing4j.managers.SyncManager},
     * whose process holds shared lists, dicts, queues, locks… for every process that has a proxy
     * of them. Shut it down ({@code close()}, or try-with-resources) when done.
     */
    public static org.multiprocessing4j.managers.SyncManager manager() {
        return context().manager();
    }

    /** The number of CPUs this JVM may use: Python's {@code cpu_count()}. */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The context in use: Python's {@code get_context()}. As in CPython, asking for it fixes the
     * start method, so that a later {@link #setStartMethod(String)} without {@code force} fails.
     */
    public static Context context() {
        return StartMethod.fix();
    }

    /**
     * Python's {@code set_start_method(method)}: the start method of {@link #context()} and of
     * everything made without a context. Only {@code "spawn"} exists: a JVM cannot fork
     * ({@code "thread"} is a context to make things through, not a start method: refused here).
     *
     * @throws IllegalStateException if the start method was already fixed (CPython's
     *                               RuntimeError "context has already been set")
     * @throws IllegalArgumentException for a method that does not exist here
     */
    public static void setStartMethod(String method) {
        setStartMethod(method, false);
    }

    /**
     * Python's {@code set_start_method(method, force)}: with {@code force}, replaces a start
     * method already fixed; {@code (null, true)} unfixes it.
     */
    public static void setStartMethod(String method, boolean force) {
        StartMethod.set(method, force);
    }

    /** Python's {@code get_start_method()}: the start method, fixed by this call if it was not. */
    public static String getStartMethod() {
        return context().getStartMethod();
    }

    /** Python's {@code get_start_method(allow_none)}: with {@code allowNone}, null while none is fixed. */
    public static String getStartMethod(boolean allowNone) {
        return allowNone ? StartMethod.peek() : getStartMethod();
    }

    /** Python's {@code get_all_start_methods()}: the start methods this runtime has. */
    public static List<String> getAllStartMethods() {
        return StartMethod.ALL;
    }

    /**
     * Python's {@code freeze_support()}: nothing to do. CPython needs it in a program frozen into
     * a Windows executable, whose children would otherwise run the program's main again; a child
     * JVM here starts in the library's own entry point, whatever the program is packaged as.
     */
    public static void freezeSupport() {
        // Deliberately empty: see above.
    }

    /**
     * The context for a start method: Python's {@code get_context(method)}, {@code null} being
     * {@link #context()}. The one start method is {@code "spawn"}, since a JVM cannot fork;
     * {@code "thread"} gives the thread context, CPython's {@code multiprocessing.dummy}: the
     * same API with processes that are threads of this JVM and queues and pipes that pass
     * objects by reference (see {@link Context}); {@code "cluster"} gives the cluster context, whose
     * pools run on the members of the cluster {@code MULTIPROCESSING4J_CLUSTER} names (an embedded
     * one by default), as Ray's {@code ray.util.multiprocessing.Pool} (see {@link Context}).
     *
     * @throws IllegalArgumentException for "fork", "forkserver" or an unknown name
     */
    public static Context context(String method) {
        return method == null ? context() : Context.forMethod(method);
    }

    /**
     * Waits until at least one of {@code objects} is ready and returns the ready ones, in the
     * order given: Python's {@code multiprocessing.connection.wait}, as {@link Wait#wait}.
     * Objects may be {@link Sentinel}s, anything {@link Waitable}, or raw descriptors as
     * {@link Number}s. A process's sentinel is ready once it ended.
     *
     * @param timeout how long to wait; null waits for ever
     * @return the ready objects; empty if the time ran out
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public static <T> List<T> wait(Collection<T> objects, Duration timeout) throws InterruptedException {
        return Wait.wait(objects, timeout);
    }

    /** Waits for ever until at least one of {@code objects} is ready. */
    public static <T> List<T> wait(Collection<T> objects) throws InterruptedException {
        return Wait.wait(objects, null);
    }

    /**
     * Sends the library's log lines to standard error at {@code level}, formatted as
     * {@code [INFO/Process-1] message}; children started afterwards do the same. Python's
     * {@code log_to_stderr(level)}. Needs logback-classic as the SLF4J provider.
     */
    public static Logger logToStderr(Level level) {
        return Log.toStderr(level);
    }

    /**
     * {@link #logToStderr(Level)} with a format of Python's logging, as {@code processing}'s
     * {@code enableLogging(level, format=...)}: {@code %(levelname)s} (Python's names:
     * {@code WARNING}, {@code CRITICAL}…), {@code %(processName)s}, {@code %(message)s},
     * {@code %(name)s}, {@code %(asctime)s}, {@code %(threadName)s}, {@code %(process)d},
     * {@code %(levelno)s}. Children started afterwards print in the same format.
     *
     * @throws IllegalArgumentException for a placeholder it cannot fill, named in the message
     */
    public static Logger logToStderr(Level level, String format) {
        return Log.toStderr(level, java.util.Objects.requireNonNull(format, "format"));
    }

    /**
     * Marks an ERROR line as Python's CRITICAL, a level SLF4J does not have:
     * {@code getLogger().error(Multiprocessing.CRITICAL, "...")} prints {@code [CRITICAL/…]}.
     */
    public static final Marker CRITICAL = Log.CRITICAL;

    /** The library's logger, named {@code multiprocessing4j}: Python's {@code get_logger()}. */
    public static Logger getLogger() {
        return Log.root();
    }
}
