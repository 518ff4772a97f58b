package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.internal.runtime.Threads;

import org.multiprocessing4j.internal.runtime.Features;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Spare JVMs: after a child is launched, one more JVM with the same settings is started in the
 * background, boots, warms up its deserialization and waits on its boot pipe; the next
 * {@code start()} with those settings hands its entry to it. A JVM's boot and warm-up then
 * overlap the parent's work instead of delaying the child, which is Python's forkserver idea
 * on a runtime that cannot fork.
 *
 * <p>How many are kept per settings adapts to the program: one at first, two once a child with
 * these settings was given descriptors (see below); one more each time a start finds none idle
 * (starts come faster than spares boot), up to {@code multiprocessing4j.spares} (default: the
 * number of processors, at least 2: more JVMs booting at once than cores only slow each other
 * down); one fewer each time a spare beyond that first one or two stays unused for
 * {@code multiprocessing4j.spareShrinkSeconds} (default 15), which is then retired. An idle
 * spare costs memory, no processor time, and a start that finds none boots a JVM on its
 * critical path: a program that starts children in groups some seconds apart keeps what its
 * groups need, rather than finding one spare for the second child of each group. A spare is a
 * real child of this process and is only ever ended by it: retired after
 * {@code multiprocessing4j.spareIdleSeconds} (default 30; 0 turns spares off) without use, at
 * this JVM's exit, and by itself (like a daemonic child) if this process dies.
 *
 * <p>An interrupt of the {@code mp4j-spares} thread, or of an idle spare's reaper, means that
 * whoever did it is stopping this program's threads (exec:java after {@code main}, a container
 * ending an application): the thread stops, with the idle spares (nothing would retire them
 * any more), and an idle spare's reaper ends with its spare. The next start that wants spares
 * makes a new thread.
 *
 * <p>A new spare boots when a processor is free (three quarters of one idle over the last 50
 * ms, as the system reports), or after {@code multiprocessing4j.spareBootWaitMillis} (default
 * 10,000; 0: at once) if none is: the child just started, and any others, are at work then,
 * and on a machine with few cores a booting JVM takes a fifth or more of their speed. When
 * starts come faster than spares boot (a start found none, or one still booting), they boot at
 * once, until starts have found them ready for two seconds.
 *
 * <p>A pool's workers take idle spares but start none ({@link #withoutReplenishing}): they go
 * to work at once, and JVMs booting beside them would slow that work.
 *
 * <p>Once a child with given settings has been handed descriptors (a connection, a lock, a
 * queue, shared memory: all need the native layer in the child), later spares for those
 * settings load the native layer (JNA), the logging and object streams and an inherited
 * segment while they wait, and exercise the lock words after a second unused (such children
 * mostly take some: queues, values and every lock hold them), so that the next such child does
 * not pay for them ({@link SpareWarmUp}).
 * A program whose children are plain never loads JNA in a child, and its spares stay light: they
 * boot on the cores its running children use. Children that share a lock, a queue or a pipe
 * with their parent are mostly started in groups (workers, a producer and a consumer): with one
 * spare, the second child of a pair booted a JVM of its own and decoded its entry cold, 220 ms
 * against 30 in a spare ({@code lock_contended} after rows that start one child at a time read
 * 2,389-2,750 ns against 325-377 with two spares ready). Such settings keep two (at most
 * {@code multiprocessing4j.spares}), for about 30 MB of memory and one warm-up (150-230 ms of
 * processor time, once a processor is free) more than one.
 */
public final class Spares {
    private static final long IDLE_SECONDS = Long.getLong("multiprocessing4j.spareIdleSeconds", 30);
    private static final long SHRINK_SECONDS = Long.getLong("multiprocessing4j.spareShrinkSeconds", 15);
    private static final long BOOT_WAIT_MILLIS = Long.getLong("multiprocessing4j.spareBootWaitMillis", 10_000);
    private static final long LOOK_MILLIS = 50;
    /**
     * How long starts must find spares ready before replacements wait for a free processor
     * again, once a start went short of them. Clearing that at the first spare found ready made
     * back-to-back starts boot a JVM of their own every fourth time (75-95 ms against 15-30 in a
     * spare); so did clearing it at the first found ready with every other idle one ready, or at
     * one spawned 200 ms or more before (where spares boot slowly: a loaded machine, no archive).
     */
    private static final long CALM_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_COUNT = Integer.getInteger("multiprocessing4j.spares",
            Math.max(2, Runtime.getRuntime().availableProcessors()));
    /** How many spares are kept per settings now: between 1 and {@link #MAX_COUNT} (0: none). */
    private static final Map<LaunchSettings, Integer> WANTED = new HashMap<>();
    private static final Map<LaunchSettings, Deque<ChildLauncher.BootingJvm>> IDLE = new HashMap<>();
    private static final Map<LaunchSettings, Integer> STARTING = new HashMap<>();
    /**
     * Settings whose starts went short of spares, until starts have found them ready for
     * {@link #CALM_NANOS}: theirs boot without waiting for a free processor.
     */
    private static final Set<LaunchSettings> STARVED = new HashSet<>();
    /** When a start last went short of spares, per settings ({@link System#nanoTime()}). */
    private static final Map<LaunchSettings, Long> WENT_SHORT = new HashMap<>();
    /** Settings whose children were given descriptors: their spares warm up for such entries. */
    private static final Set<LaunchSettings> WITH_RESOURCES = new HashSet<>();
    /** Set while this thread starts children that must not be followed by new spares. */
    private static final ThreadLocal<Boolean> HELD_BACK = ThreadLocal.withInitial(() -> false);
    private static volatile ChildEntry sampleEntry;
    /** Guards {@link #samples}: encoding takes milliseconds, and starts must not wait for it. */
    private static final Object SAMPLE_LOCK = new Object();
    /**
     * The payloads of {@link #sampleEntry}, compact and serialized, in Base64 for a command
     * line; null until a spare needs them.
     */
    private static List<String> samples;
    /** The classes of the last entry handed a child with descriptors ({@link #setEntryClasses}). */
    private static volatile List<String> entryClasses = List.of();
    private static ScheduledExecutorService worker;
    private static boolean discarded;

    private Spares() {
    }

    /**
     * Gives spares an entry like the ones the layers above hand children, whose target does
     * nothing: each spare decodes it while it waits, so that the classes an entry is made of are
     * loaded and linked before a real one arrives (decoding took 52 ms of a no-op child's 90 ms,
     * quiet, JDK 17). Only spares for children with descriptors decode it, in both its compact
     * and its serialized form (such entries are serialized): a plain spare that did made
     * back-to-back starts of plain children slower (spawn_start_join 103-117 ms against 86-107,
     * interleaved, quiet) while starts a while apart gained about 10 ms. It must hold no
     * descriptors, and decoding it must change nothing a child could see.
     */
    public static void setSampleEntry(ChildEntry entry) {
        sampleEntry = entry;
    }

    /**
     * Gives spares the classes of the last entry handed a child with descriptors
     * ({@link org.multiprocessing4j.internal.runtime.EntryClasses}): spares for such children
     * prepare their serialized forms while they wait: in stack samples of a {@code lock_contended}
     * child, building the forms of its entry's classes (a constructor generated for each) was a
     * third of its decoding; {@code child_first_message} 7.7-9.0 ms with them against 9.3-10.7
     * (six interleaved pairs of runs).
     */
    static void setEntryClasses(List<String> classes) {
        entryClasses = classes;
    }

    /** The sample's payloads, encoded by the first spare that needs them (off the start path). */
    private static List<String> samples() {
        synchronized (SAMPLE_LOCK) {
            ChildEntry entry = sampleEntry;
            if (samples == null && entry != null) {
                Base64.Encoder base64 = Base64.getEncoder();
                samples = List.of(base64.encodeToString(EntryCodec.encode(entry, Serializer.standard())),
                        base64.encodeToString(EntryCodec.encodeSerialized(entry, Serializer.standard())));
            }
            return samples == null ? List.of() : samples;
        }
    }

    /** The pids of the idle spare JVMs (for diagnostics and tests that count children). */
    public static synchronized Set<Long> pids() {
        return IDLE.values().stream().flatMap(Deque::stream).map(jvm -> jvm.child().pid()).collect(Collectors.toSet());
    }

    /**
     * The pids of the idle spare JVMs that have finished booting (for tests whose next start
     * must find its spare ready).
     */
    public static synchronized Set<Long> bootedPids() {
        return IDLE.values().stream().flatMap(Deque::stream).filter(ChildLauncher.BootingJvm::booted)
                .map(jvm -> jvm.child().pid()).collect(Collectors.toSet());
    }

    /**
     * This process's ends of the idle spares' boot pipes (for leak checks: they stay open until
     * a spare is used or retired).
     */
    public static synchronized Set<Long> bootHandles() {
        return IDLE.values().stream().flatMap(Deque::stream).map(ChildLauncher.BootingJvm::bootPipe).collect(Collectors.toSet());
    }

    /**
     * Runs {@code starts}, which starts children in this thread, taking spares for them but
     * starting none to replace them. A pool starts its workers and at once gives them work:
     * spare JVMs booting beside them then (each boot is some hundred milliseconds of processor
     * time) would take the processors the pool's work needs, for spares that may never be used.
     */
    public static <T> T withoutReplenishing(Supplier<T> starts) {
        boolean outer = HELD_BACK.get();
        HELD_BACK.set(true);
        try {
            return starts.get();
        } finally {
            HELD_BACK.set(outer);
        }
    }

    /**
     * The oldest idle spare for {@code settings}, taken out of the pool; null if none. None, or
     * one that has not finished booting yet, makes the next {@link #replenish} keep one more:
     * starts come faster than spares boot.
     */
    static synchronized ChildLauncher.BootingJvm take(LaunchSettings settings) {
        Deque<ChildLauncher.BootingJvm> idle = IDLE.get(settings);
        ChildLauncher.BootingJvm spare = idle == null ? null : idle.pollFirst();
        boolean late = spare == null ? WANTED.containsKey(settings) : !spare.booted();
        if (late) {
            WANTED.merge(settings, 1, (wanted, one) -> Math.min(MAX_COUNT, wanted + one));
        }
        long now = System.nanoTime();
        if (late && !HELD_BACK.get()) {
            STARVED.add(settings);
            WENT_SHORT.put(settings, now);
        } else if (spare != null && !late && now - WENT_SHORT.getOrDefault(settings, now - CALM_NANOS) >= CALM_NANOS) {
            STARVED.remove(settings);
        }
        return spare;
    }

    /** How many spares are kept for {@code settings} now (for tests of the adaptation). */
    public static synchronized int wanted(LaunchSettings settings) {
        return WANTED.getOrDefault(settings, least(settings));
    }

    /** The fewest spares kept for {@code settings}: two for children given descriptors, else one. */
    private static int least(LaunchSettings settings) {
        return Math.min(WITH_RESOURCES.contains(settings) ? 2 : 1, MAX_COUNT);
    }

    /**
     * Starts spares for {@code settings} in the background until as many as wanted are there.
     *
     * @param childUsedNative whether the child just launched was given descriptors: from then
     *                        on, spares for these settings load the native layer while they wait
     */
    static synchronized void replenish(LaunchSettings settings, boolean childUsedNative) {
        if (childUsedNative && WITH_RESOURCES.add(settings) && WANTED.containsKey(settings)) {
            WANTED.merge(settings, least(settings), Math::max);
        }
        if (IDLE_SECONDS <= 0 || MAX_COUNT <= 0 || discarded || HELD_BACK.get()) {
            return;
        }
        int missing = WANTED.computeIfAbsent(settings, Spares::least) - idleCount(settings) - STARTING.getOrDefault(settings, 0);
        ScheduledExecutorService executor = missing > 0 ? executor() : null;
        for (int i = 0; i < missing; i++) {
            STARTING.merge(settings, 1, Integer::sum);
            if (BOOT_WAIT_MILLIS <= 0 || STARVED.contains(settings)) {
                executor.execute(() -> start(settings, executor));
            } else {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOOT_WAIT_MILLIS);
                ProcessorRoom room = new ProcessorRoom();
                executor.execute(() -> startWhenFree(settings, executor, room, deadline));
            }
        }
    }

    /**
     * Starts a spare in the thread of {@code executor} once a processor is free, a start went
     * short of spares meanwhile, or {@code deadline} has passed; until then looks again every
     * {@link #LOOK_MILLIS}.
     */
    private static void startWhenFree(LaunchSettings settings, ScheduledExecutorService executor, ProcessorRoom room, long deadline) {
        boolean starved;
        synchronized (Spares.class) {
            starved = STARVED.contains(settings);
        }
        if (starved || room.free() || System.nanoTime() - deadline >= 0) {
            start(settings, executor);
        } else {
            executor.schedule(() -> startWhenFree(settings, executor, room, deadline), LOOK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private static int idleCount(LaunchSettings settings) {
        Deque<ChildLauncher.BootingJvm> idle = IDLE.get(settings);
        return idle == null ? 0 : idle.size();
    }

    /** Starts a spare in the thread of {@code executor}, and keeps it unless that thread was stopped meanwhile. */
    private static void start(LaunchSettings settings, ScheduledExecutorService executor) {
        ChildLauncher.BootingJvm spare = null;
        try {
            boolean forResources;
            synchronized (Spares.class) {
                forResources = WITH_RESOURCES.contains(settings);
                if (discarded) {
                    // This JVM is exiting: a spare that waited for a free processor is not wanted.
                    if (worker == executor) {
                        STARTING.merge(settings, -1, Integer::sum);
                    }
                    return;
                }
            }
            // Once this program has sent objects in Fory's format, its children are likely to read
            // some: the spare builds Fory while it waits (a few hundred milliseconds off the
            // child); once it has given a process pool functions, the spare rebuilds a lambda.
            spare = ChildLauncher.BootingJvm.spawn(settings, List.of(),
                    SpareWarmUp.spareArguments(forResources, Features.used(), forResources ? samples() : List.of(),
                            forResources ? entryClasses : List.of()),
                    "a spare JVM");
        } catch (IOException | RuntimeException unavailable) {
            // The next start() spawns its child directly and reports whatever is wrong.
        }
        boolean kept = false;
        synchronized (Spares.class) {
            // A stopped thread (stopWorker) keeps nothing, and its starts are no longer counted.
            boolean stopped = worker != executor;
            if (!stopped) {
                STARTING.merge(settings, -1, Integer::sum);
            }
            if (spare != null && !discarded && !stopped) {
                kept = true;
                IDLE.computeIfAbsent(settings, s -> new ArrayDeque<>()).addLast(spare);
                ChildLauncher.BootingJvm kept0 = spare;
                spare.child().onReaperInterrupt(() -> retire(settings, kept0, false));
                executor.schedule(() -> retire(settings, kept0, false), IDLE_SECONDS, TimeUnit.SECONDS);
                if (SHRINK_SECONDS < IDLE_SECONDS) {
                    executor.schedule(() -> retire(settings, kept0, true), SHRINK_SECONDS, TimeUnit.SECONDS);
                }
            }
        }
        if (spare != null && !kept) {
            end(spare);
        }
    }

    /**
     * Retires {@code spare} if it is still idle; one fewer is kept from then on. When only
     * {@code shrinking} (a shorter idleness), only a spare beyond the fewest kept
     * ({@link #least}) goes.
     */
    private static void retire(LaunchSettings settings, ChildLauncher.BootingJvm spare, boolean shrinking) {
        boolean idle;
        synchronized (Spares.class) {
            Deque<ChildLauncher.BootingJvm> pool = IDLE.get(settings);
            int wanted = WANTED.getOrDefault(settings, least(settings));
            idle = (!shrinking || wanted > least(settings)) && pool != null && pool.remove(spare);
            if (idle) {
                WANTED.put(settings, Math.max(least(settings), wanted - 1));
            }
        }
        if (idle) {
            end(spare);
        }
    }

    /** Ends every idle spare and starts no more (this JVM is exiting). */
    static void discardAll() {
        List<ChildLauncher.BootingJvm> idle;
        synchronized (Spares.class) {
            discarded = true;
            idle = takeAllIdle();
        }
        idle.forEach(Spares::end);
    }

    /** Takes every idle spare out of the pool; the caller holds the lock. */
    private static List<ChildLauncher.BootingJvm> takeAllIdle() {
        List<ChildLauncher.BootingJvm> idle = new ArrayList<>();
        IDLE.values().forEach(idle::addAll);
        IDLE.clear();
        return idle;
    }

    /**
     * The thread of {@code executor} was interrupted: it stops, and the idle spares are ended,
     * since nothing would retire them now. Runs in the interrupting thread; the interrupt that
     * {@code shutdownNow} sends comes back here and finds the worker gone.
     */
    private static void stopWorker(ScheduledExecutorService executor) {
        List<ChildLauncher.BootingJvm> idle;
        synchronized (Spares.class) {
            if (worker != executor) {
                return;
            }
            worker = null;
            STARTING.clear();
            idle = takeAllIdle();
        }
        executor.shutdownNow();
        idle.forEach(Spares::end);
    }

    /** Kills an unused spare, then closes its boot pipe (in that order, so it reads no end of file). */
    private static void end(ChildLauncher.BootingJvm spare) {
        ChildLauncher.stop(spare.child());
        spare.discard();
    }

    private static synchronized ScheduledExecutorService executor() {
        if (worker == null) {
            // A pool's worker swallows interrupts while it waits for a task: its thread's own
            // interrupt stops it instead (stopWorker).
            ScheduledThreadPoolExecutor[] made = new ScheduledThreadPoolExecutor[1];
            made[0] = new ScheduledThreadPoolExecutor(1, task -> Threads.daemon("spares", task, 0, () -> stopWorker(made[0])));
            made[0].setRemoveOnCancelPolicy(true);
            worker = made[0];
        }
        return worker;
    }
}
