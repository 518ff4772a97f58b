package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Blocks;
import org.multiprocessing4j.internal.engine.Work;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.serialization.Serializer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a task's round trip (encoding ints, decoding them, applying a function, encoding and
 * decoding the results) over a few blocks, in a worker before its first job and, once per JVM, in
 * the parent on a thread of its own while its first pool's workers boot. A worker is a new JVM:
 * without this, the first chunks of a map run interpreted, several times slower than CPython's
 * workers.
 *
 * <p>In a worker, the per-block methods (a lambda per {@link Blocks} loop and the loop it calls)
 * are called more often than C2 wants (5,000 calls, fewer for a method with a loop), not only as
 * often as C1 wants (200): compiled by C1 only, or called just short of C2's count, they are
 * compiled again by C2 in the middle of the user's first large map, and on a machine with fewer
 * cores than JVMs those compilations take the cores from the map itself. The price is a
 * worker's start, which is why a worker that is replaced after a few jobs keeps a short
 * warm-up. The README's pool rows have the figures.
 *
 * <p>The data are chosen so that the first real map throws away nothing compiled here: code
 * compiled for what a warm-up never showed it (one function class only, numbers all inside or
 * all outside {@code Integer.valueOf}'s cache) is deoptimized at the first call that differs,
 * and recompiled from the interpreter in the middle of the user's map.
 */
final class WarmUp {
    /** Calls of the per-call methods in a worker: past C1's threshold (200 calls). */
    private static final int WORKER_ROUNDS = 600;
    /** Blocks per round: the per-block methods are called 9,600 times, past C2's 5,000. */
    private static final int WORKER_BLOCKS = 16;
    /**
     * A worker replaced after fewer jobs than this ({@code maxtasksperchild}) warms up for C1
     * only, one block a round: it pays its warm-up again at each replacement, for few chunks.
     */
    private static final int FEW_TASKS = 10;
    /** The parent's, which runs beside its workers' boot rather than before a first job. */
    private static final int PARENT_ROUNDS = 600;
    private static final int PARENT_BLOCKS = 12;
    private static final AtomicBoolean PARENT_STARTED = new AtomicBoolean();
    /** Three function classes: the call site that applies the user's is compiled for any class. */
    private static final List<SerializableFunction<Object, Object>> FUNCTIONS =
            List.of(x -> x, x -> (Integer) x + 1, x -> -(Integer) x);

    private WarmUp() {
    }

    /** Warms this worker up before its first job; {@code maxTasks} is its limit, 0 for none. */
    static void inWorker(Serializer serializer, int maxTasks) {
        run(serializer, WORKER_ROUNDS, maxTasks > 0 && maxTasks < FEW_TASKS ? 1 : WORKER_BLOCKS, null);
    }

    /** Starts the parent's warm-up, the first time a pool of processes is made in this JVM. */
    static void startInParent(Serializer serializer) {
        if (PARENT_STARTED.compareAndSet(false, true)) {
            // A Range's chunks are encoded here only: a worker never sends one.
            Range ranges = Range.of(-100, 37 * Blocks.SIZE * PARENT_BLOCKS, 37);
            Threads.daemon("pool-warm-up", () -> run(serializer, PARENT_ROUNDS, PARENT_BLOCKS, ranges)).start();
        }
    }

    /** {@code ranges}, if not null, is encoded too each round, as a map over a {@link Range} does. */
    private static void run(Serializer serializer, int rounds, int blocksPerRound, Range ranges) {
        List<Object> numbers = new ArrayList<>(Blocks.SIZE * blocksPerRound);
        for (int i = 0; i < Blocks.SIZE * blocksPerRound; i++) {
            // -100 to 2231: boxed from Integer.valueOf's cache (-128 to 127) and allocated.
            numbers.add(37 * (i % Blocks.SIZE) - 100);
        }
        try {
            for (int round = 0; round < rounds; round++) {
                byte[] job = Values.encode(numbers, Worker.JOB_HEADER, serializer);
                List<Object> arguments = Values.decodeTrusted(job, Worker.JOB_HEADER, job.length - Worker.JOB_HEADER, serializer);
                Work work = new Work(FUNCTIONS.get(round % FUNCTIONS.size()), arguments);
                byte[] reply = Values.encode(work.run(), Worker.REPLY_HEADER, serializer);
                Values.decode(reply, Worker.REPLY_HEADER, reply.length - Worker.REPLY_HEADER, serializer);
                if (ranges != null) {
                    Values.encode(ranges, Worker.JOB_HEADER, serializer);
                }
            }
        } catch (Exception | LinkageError e) {
            // Only a warm-up: the first job says what is wrong, if anything is.
        }
    }
}
