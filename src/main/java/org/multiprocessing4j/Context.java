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
 *
 * <p><b>The thread context.</b> {@code Multiprocessing.context("thread")} is CPython's
 * {@code multiprocessing.dummy}: the same types, so that code switches between processes and
 * threads by changing its context. Its {@link #process(Target)} is a {@link Process} that runs
 * on a new thread of this JVM (named {@code mp4j-<name>}, a daemon only if the process is):
 * {@code start}, {@code join}, {@code isAlive}, the name and the daemon flag as for a child;
 * {@code getPid()} is this JVM's pid; the exit code is 0 when the target returned and 1 when it
 * threw (its stack trace printed as a child's is; CPython's dummy reports 0 either way);
 * {@code terminate()}, {@code kill()} and {@code getSentinel()} throw
 * {@link UnsupportedOperationException}, since a thread cannot be stopped from outside.
 * {@link #currentProcess()} is the calling thread's process (this JVM's outside them) and
 * {@link #activeChildren()} the live thread processes the caller's process started. Its queues
 * ({@link Queue#forThreads(int)}...) and pipes ({@link Pipe#forThreads(boolean)}) pass objects
 * by reference: nothing is serialized, an object arrives as the same instance, and it need not
 * be serializable; the blocking, timeouts, {@code Empty}, {@code Full} and {@code close} behave
 * as for processes, and they cannot go to another process. Its pools run on threads
 * ({@link org.multiprocessing4j.pool.ThreadPool}'s engine). Its locks, semaphores, events,
 * conditions, barriers, values and arrays are the same objects as the process context's: they
 * live in shared memory and are correct between the threads of one process too (an
 * {@link RLock}'s owner is a thread), at the cost of a word in shared memory each. Its JVM
 * settings and serializer are kept but not used.
 *
 * <p><b>The cluster context.</b> {@code Multiprocessing.context("cluster")} is the context whose
 * pools ({@link #pool(int)}, and a {@code ProcessPoolExecutor} made with it) run their chunks on
 * the workers of a Hazelcast cluster's members, as Ray's {@code ray.util.multiprocessing.Pool}:
 * the cluster {@code org.multiprocessing4j.cluster.Cluster.fromEnvironment()} names (an embedded
 * member in this JVM unless {@code MULTIPROCESSING4J_CLUSTER} lists members), started at the
 * first pool and ended at this JVM's exit ({@code Cluster.shared()} gives it, to close sooner).
 * A pool of 0 processes is as wide as the members' workers. Everything else it makes is what the
 * {@code "spawn"} context makes, on this machine: processes are child JVMs here, and queues,
 * locks, values and managers are shared with them, as a pool's tasks cannot be handed such
 * objects anyway. What the processes of several machines share by name is on
 * {@code Cluster.context()}: its queues, joinable queues, dicts, namespaces, values, events and
 * locks. The JVM settings of this context do not reach the members' workers, which are launched
 * as their member's settings say.
 */
public final class Context {
    static final String SPAWN = "spawn";
    static final Context DEFAULT = new Context(SpawnBackend.INSTANCE, null, null);
    static final Context THREAD = new Context(ThreadBackend.INSTANCE, null, null);
    static final Context CLUSTER = new Context(ClusterBackend.INSTANCE, null, null);

    private final Backend backend;
    private final JvmSettings settings;
    private final Serializer serializer;

    private Context(Backend backend, JvmSettings settings, Serializer serializer) {
        this.backend = backend;
        this.settings = settings;
        this.serializer = serializer;
    }

    static Context forMethod(String method) {
        if (method == null || SPAWN.equals(method)) {
            return DEFAULT;
        }
        if (ThreadBackend.NAME.equals(method)) {
            return THREAD;
        }
        if (ClusterBackend.NAME.equals(method)) {
            ClusterBackend.requireProvider();
            return CLUSTER;
        }
        if ("fork".equals(method) || "forkserver".equals(method)) {
            throw new IllegalArgumentException("start method '" + method
                    + "' is not available: a JVM cannot fork, every child is a new JVM ('spawn')");
        }
        throw new IllegalArgumentException("cannot find context for '" + method + "'");
    }

    /**
     * The start method: Python's {@code get_start_method()}. {@code "spawn"}, or {@code "thread"}
     * for {@code Multiprocessing.context("thread")}.
     */
    public String getStartMethod() {
        return backend.name();
    }

    /** Where this context runs what it makes. */
    Backend backend() {
        return backend;
    }

    /** The launch settings: those of this JVM unless changed. */
    public JvmSettings jvmSettings() {
        return settings != null ? settings : JvmSettings.inherited();
    }

    /** A context whose children run {@code executable} instead of this JVM's {@code java}. */
    public Context withJavaExecutable(Path executable) {
        return new Context(backend, jvmSettings().withJavaExecutable(Objects.requireNonNull(executable)), serializer);
    }

    /** A context whose children get {@code options} instead of this JVM's inherited options. */
    public Context withJvmOptions(List<String> options) {
        return new Context(backend, jvmSettings().withJvmOptions(options), serializer);
    }

    /** A context whose children use {@code classPath}. */
    public Context withClassPath(String classPath) {
        return new Context(backend, jvmSettings().withClassPath(Objects.requireNonNull(classPath)), serializer);
    }

    /** A context whose children set one more system property before they run. */
    public Context withSystemProperty(String key, String value) {
        return new Context(backend, jvmSettings().withSystemProperty(key, value), serializer);
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
        return new Context(backend, settings, Objects.requireNonNull(serializer, "serializer"));
    }

    /** A process launched through this context (a thread in the thread context): {@code ctx.Process(target=...)}. */
    public Process process(Target target) {
        return new Process(target, null, null, this);
    }

    /** A named process launched through this context. */
    public Process process(Target target, String name) {
        return new Process(target, name, null, this);
    }

    /**
     * Python's {@code ctx.Pipe()}: a duplex pipe, as {@link Pipe#open()}, with this context's
     * serializer; between threads ({@link Pipe#forThreads(boolean)}) in the thread context.
     */
    public Connection[] pipe() throws IOException {
        return backend.pipe(true, getSerializer());
    }

    /** Python's {@code ctx.Pipe(duplex)}, as {@link Pipe#open(boolean)}, with this context's serializer. */
    public Connection[] pipe(boolean duplex) throws IOException {
        return backend.pipe(duplex, getSerializer());
    }

    /** Python's {@code ctx.Queue()}: unbounded, with this context's serializer (by reference in the thread context). */
    public <E> Queue<E> queue() {
        return backend.queue(0, getSerializer());
    }

    /** Python's {@code ctx.Queue(maxsize)}, with this context's serializer. */
    public <E> Queue<E> queue(int maxSize) {
        return backend.queue(maxSize, getSerializer());
    }

    /** Python's {@code ctx.JoinableQueue()}: unbounded, with this context's serializer. */
    public <E> JoinableQueue<E> joinableQueue() {
        return backend.joinableQueue(0, getSerializer());
    }

    /** Python's {@code ctx.JoinableQueue(maxsize)}, with this context's serializer. */
    public <E> JoinableQueue<E> joinableQueue(int maxSize) {
        return backend.joinableQueue(maxSize, getSerializer());
    }

    /** Python's {@code ctx.SimpleQueue()}, with this context's serializer. */
    public <E> SimpleQueue<E> simpleQueue() {
        return backend.simpleQueue(getSerializer());
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

    /**
     * Python's {@code ctx.current_process()}, as {@link Multiprocessing#currentProcess()}; in the
     * thread context, the process the calling thread runs, if it runs one.
     */
    public Process currentProcess() {
        return backend.currentProcess();
    }

    /** Python's {@code ctx.parent_process()}, as {@link Multiprocessing#parentProcess()}. */
    public Process parentProcess() {
        return Multiprocessing.parentProcess();
    }

    /**
     * Python's {@code ctx.active_children()}, as {@link Multiprocessing#activeChildren()}; in the
     * thread context, the live processes of the thread context that the caller's process started.
     */
    public List<Process> activeChildren() {
        return backend.activeChildren();
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
        return "Context[" + backend.name() + (serializer == null ? "" : ", " + serializer) + "]";
    }
}
