package org.multiprocessing4j;

import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.queues.JoinableQueue;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.queues.SimpleQueue;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.shared.Array;
import org.multiprocessing4j.shared.RawArray;
import org.multiprocessing4j.shared.RawValue;
import org.multiprocessing4j.shared.Value;
import org.multiprocessing4j.sync.Barrier;
import org.multiprocessing4j.sync.BoundedSemaphore;
import org.multiprocessing4j.sync.Condition;
import org.multiprocessing4j.sync.Event;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.sync.RLock;
import org.multiprocessing4j.sync.Semaphore;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A start method and how its children are launched: Python's {@code multiprocessing.context}.
 * Java cannot fork a JVM, so the one start method is {@code "spawn"}: every child is a fresh
 * JVM. A context can change that JVM's executable, options, class path and system properties;
 * processes created through it ({@link #process(Target)}) and the workers of its pools use them.
 *
 * <p>As in Python, a context also makes every other object of the library ({@code ctx.Lock()},
 * {@code ctx.Value(...)}, ...): each factory here is the constructor it names, so
 * {@code ctx.lock()} and {@code new Lock()} are the same thing.
 *
 * <p>A context has a {@link Serializer} (CPython's {@code ctx.reducer}): everything it makes
 * that carries objects (its processes' targets, its pools' tasks and results, its queues and
 * pipes) uses it, and its children use it by default. {@link #withSerializer} chooses another.
 */
public final class Context {
    static final Context DEFAULT = new Context(null, null);
    static final String SPAWN = "spawn";

    private final JvmSettings settings;
    private final Serializer serializer;

    private Context(JvmSettings settings, Serializer serializer) {
        this.settings = settings;
        this.serializer = serializer;
    }

    static Context forMethod(String method) {
        if (method == null || SPAWN.equals(method)) {
            return DEFAULT;
        }
        if ("fork".equals(method) || "forkserver".equals(method)) {
            throw new IllegalArgumentException("start method '" + method
                    + "' is not available: a JVM cannot fork, every child is a new JVM ('spawn')");
        }
        throw new IllegalArgumentException("cannot find context for '" + method + "'");
    }

    /** The start method, always {@code "spawn"}: Python's {@code get_start_method()}. */
    public String getStartMethod() {
        return SPAWN;
    }

    /** The launch settings: those of this JVM unless changed. */
    public JvmSettings jvmSettings() {
        return settings != null ? settings : JvmSettings.inherited();
    }

    /** A context whose children run {@code executable} instead of this JVM's {@code java}. */
    public Context withJavaExecutable(Path executable) {
        return new Context(jvmSettings().withJavaExecutable(Objects.requireNonNull(executable)), serializer);
    }

    /** A context whose children get {@code options} instead of this JVM's inherited options. */
    public Context withJvmOptions(List<String> options) {
        return new Context(jvmSettings().withJvmOptions(options), serializer);
    }

    /** A context whose children use {@code classPath}. */
    public Context withClassPath(String classPath) {
        return new Context(jvmSettings().withClassPath(Objects.requireNonNull(classPath)), serializer);
    }

    /** A context whose children set one more system property before they run. */
    public Context withSystemProperty(String key, String value) {
        return new Context(jvmSettings().withSystemProperty(key, value), serializer);
    }

    /**
     * The serializer of what this context makes: the one {@link #withSerializer} gave, or this
     * process's default ({@link Serializer#standard()} in a main program; in a child, the
     * serializer of the context its parent started it through).
     */
    public Serializer getSerializer() {
        return serializer != null ? serializer : DefaultSerializer.get();
    }

    /**
     * A context whose processes, pools, queues and pipes use {@code serializer}, as do the
     * children it starts for what they make without one: CPython's {@code ctx.reducer = ...}, but
     * for this context only. The serializer travels to each child, so it must be
     * {@link java.io.Serializable} ({@code start()} says so if it is not).
     *
     * <pre>{@code
     * Context ctx = Multiprocessing.context().withSerializer(Serializer.standard().allowing(Point.class));
     * try (Pool pool = ctx.pool(4)) {
     *     List<Point> points = pool.map(i -> new Point(i, i), List.of(1, 2, 3));
     * }
     * }</pre>
     */
    public Context withSerializer(Serializer serializer) {
        return new Context(settings, Objects.requireNonNull(serializer, "serializer"));
    }

    /** A process launched through this context: {@code ctx.Process(target=...)}. */
    public Process process(Target target) {
        return new Process(target, null, null, this);
    }

    /** A named process launched through this context. */
    public Process process(Target target, String name) {
        return new Process(target, name, null, this);
    }

    /** Python's {@code ctx.Pipe()}: a duplex pipe, as {@link Pipe#open()}, with this context's serializer. */
    public Connection[] pipe() throws IOException {
        return Pipe.open(true, getSerializer());
    }

    /** Python's {@code ctx.Pipe(duplex)}, as {@link Pipe#open(boolean)}, with this context's serializer. */
    public Connection[] pipe(boolean duplex) throws IOException {
        return Pipe.open(duplex, getSerializer());
    }

    /** Python's {@code ctx.Queue()}: unbounded, with this context's serializer. */
    public <E> Queue<E> queue() {
        return new Queue<>(0, getSerializer());
    }

    /** Python's {@code ctx.Queue(maxsize)}, with this context's serializer. */
    public <E> Queue<E> queue(int maxSize) {
        return new Queue<>(maxSize, getSerializer());
    }

    /** Python's {@code ctx.JoinableQueue()}: unbounded, with this context's serializer. */
    public <E> JoinableQueue<E> joinableQueue() {
        return new JoinableQueue<>(0, getSerializer());
    }

    /** Python's {@code ctx.JoinableQueue(maxsize)}, with this context's serializer. */
    public <E> JoinableQueue<E> joinableQueue(int maxSize) {
        return new JoinableQueue<>(maxSize, getSerializer());
    }

    /** Python's {@code ctx.SimpleQueue()}, with this context's serializer. */
    public <E> SimpleQueue<E> simpleQueue() {
        return new SimpleQueue<>(getSerializer());
    }

    /** Python's {@code ctx.Lock()}. */
    public Lock lock() {
        return new Lock();
    }

    /** Python's {@code ctx.RLock()}. */
    public RLock rLock() {
        return new RLock();
    }

    /** Python's {@code ctx.Semaphore(value)}. */
    public Semaphore semaphore(int value) {
        return new Semaphore(value);
    }

    /** Python's {@code ctx.BoundedSemaphore(value)}. */
    public BoundedSemaphore boundedSemaphore(int value) {
        return new BoundedSemaphore(value);
    }

    /** Python's {@code ctx.Condition()}, over a new {@link RLock}. */
    public Condition condition() {
        return new Condition();
    }

    /** Python's {@code ctx.Condition(lock)}. */
    public Condition condition(java.util.concurrent.locks.Lock lock) {
        return new Condition(lock);
    }

    /** Python's {@code ctx.Event()}. */
    public Event event() {
        return new Event();
    }

    /** Python's {@code ctx.Barrier(parties)}. */
    public Barrier barrier(int parties) {
        return new Barrier(parties);
    }

    /** Python's {@code ctx.Barrier(parties, action, timeout)}. */
    public Barrier barrier(int parties, Target action, Duration timeout) {
        return new Barrier(parties, action, timeout);
    }

    /** Python's {@code ctx.Value(typecode, initial)}, with a new {@link RLock}. */
    public <T> Value<T> value(String typecode, T initial) {
        return new Value<>(typecode, initial);
    }

    /** Python's {@code ctx.Value(typecode, initial, lock=lock)}. */
    public <T> Value<T> value(String typecode, T initial, java.util.concurrent.locks.Lock lock) {
        return new Value<>(typecode, initial, lock);
    }

    /** Python's {@code ctx.Array(typecode, size)}: zeros, with a new {@link RLock}. */
    public <T> Array<T> array(String typecode, int size) {
        return new Array<>(typecode, size);
    }

    /** Python's {@code ctx.Array(typecode, initializer)}, with a new {@link RLock}. */
    public <T> Array<T> array(String typecode, List<? extends T> initializer) {
        return new Array<>(typecode, initializer);
    }

    /** Python's {@code ctx.RawValue(typecode, initial)}. */
    public <T> RawValue<T> rawValue(String typecode, T initial) {
        return new RawValue<>(typecode, initial);
    }

    /** Python's {@code ctx.RawArray(typecode, size)}. */
    public <T> RawArray<T> rawArray(String typecode, int size) {
        return new RawArray<>(typecode, size);
    }

    /** Python's {@code ctx.RawArray(typecode, initializer)}. */
    public <T> RawArray<T> rawArray(String typecode, List<? extends T> initializer) {
        return new RawArray<>(typecode, initializer);
    }

    /** Python's {@code ctx.Pool()}: {@link #cpuCount()} workers launched through this context. */
    public Pool pool() {
        return pool(0);
    }

    /** Python's {@code ctx.Pool(processes)}: workers launched through this context; 0 for {@link #cpuCount()}. */
    public Pool pool(int processes) {
        return new Pool(processes, null, 0, this);
    }

    /** Python's {@code ctx.Pool(processes, initializer, maxtasksperchild=...)}; see {@link Pool#Pool(int, Target, int, Context)}. */
    public Pool pool(int processes, Target initializer, int maxTasksPerChild) {
        return new Pool(processes, initializer, maxTasksPerChild, this);
    }

    /**
     * Python's {@code ctx.Manager()}: a {@link SyncManager} whose process is launched through
     * this context, started. Shut it down ({@code close()}, or try-with-resources) when done; it
     * also ends at this process's exit, or with this process however it ends.
     */
    public SyncManager manager() {
        SyncManager manager = SyncManager.builder().context(this).build();
        manager.start();
        return manager;
    }

    /** Python's {@code ctx.cpu_count()}, as {@link Multiprocessing#cpuCount()}. */
    public int cpuCount() {
        return Multiprocessing.cpuCount();
    }

    /** Python's {@code ctx.current_process()}, as {@link Multiprocessing#currentProcess()}. */
    public Process currentProcess() {
        return Multiprocessing.currentProcess();
    }

    /** Python's {@code ctx.parent_process()}, as {@link Multiprocessing#parentProcess()}. */
    public Process parentProcess() {
        return Multiprocessing.parentProcess();
    }

    /** Python's {@code ctx.active_children()}, as {@link Multiprocessing#activeChildren()}. */
    public List<Process> activeChildren() {
        return Multiprocessing.activeChildren();
    }

    /** Python's {@code ctx.get_logger()}, as {@link Multiprocessing#getLogger()}. */
    public Logger getLogger() {
        return Multiprocessing.getLogger();
    }

    /** Python's {@code ctx.log_to_stderr(level)}, as {@link Multiprocessing#logToStderr(Level)}. */
    public Logger logToStderr(Level level) {
        return Multiprocessing.logToStderr(level);
    }

    /** Python's {@code ctx.log_to_stderr(level)} with a format, as {@link Multiprocessing#logToStderr(Level, String)}. */
    public Logger logToStderr(Level level, String format) {
        return Multiprocessing.logToStderr(level, format);
    }

    @Override
    public String toString() {
        return "Context[" + SPAWN + (serializer == null ? "" : ", " + serializer) + "]";
    }
}
