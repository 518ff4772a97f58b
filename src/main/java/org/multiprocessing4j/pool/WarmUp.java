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
 * Runs the per-block methods of a task's round trip (encoding ints, decoding them, applying a
 * function, encoding and decoding the results) over one block, in a worker before its first job
 * and, once per JVM, in the parent on a thread of its own while its first pool's workers boot.
 * A worker is a new JVM whose compiler takes a method only after about two hundred calls: without
 * this, the first chunks of a map run interpreted, several times slower than CPython's workers.
 *
 * <p>The rounds go past C2's thresholds (some 600 calls of a method with a loop), not only C1's:
 * code still compiling when the first real map starts competes with it for the cores (three JVMs
 * on two cores in the benchmark), and C1's profiled code is several times slower than C2's.
 * Measured (pool_map_small, 2 cores, four runs each): 300 rounds in both, 1.7–2.3 M tasks/s;
 * 1,000 in workers and 3,000 in the parent, 2.8–4.2 M. A worker's warm-up costs it some 30 ms
 * more before its first job; the parent's runs beside the result thread, which it used to delay.
 *
 * <p>The data are chosen so that the first real map throws away nothing compiled here: code
 * compiled for what a warm-up never showed it (one function class only, numbers all inside or
 * all outside {@code Integer.valueOf}'s cache) is deoptimized at the first call that differs,
 * and recompiled from the interpreter in the middle of the user's map.
 */
final class WarmUp {
    /** Calls of each per-block method in a worker: past C2's threshold with room to spare. */
    private static final int WORKER_ROUNDS = 1000;
    /** In the parent, which has its workers' boot to spend and compiles its own start meanwhile. */
    private static final int PARENT_ROUNDS = 3000;
    private static final AtomicBoolean PARENT_STARTED = new AtomicBoolean();
    /** Three function classes: the call site that applies the user's is compiled for any class. */
    private static final List<SerializableFunction<Object, Object>> FUNCTIONS =
            List.of(x -> x, x -> (Integer) x + 1, x -> -(Integer) x);

    private WarmUp() {
    }

    /** Warms this worker up before its first job. */
    static void inWorker(Serializer serializer) {
        run(serializer, WORKER_ROUNDS);
    }

    /** Starts the parent's warm-up, the first time a pool of processes is made in this JVM. */
    static void startInParent(Serializer serializer) {
        if (PARENT_STARTED.compareAndSet(false, true)) {
            Threads.daemon("pool-warm-up", () -> run(serializer, PARENT_ROUNDS)).start();
        }
    }

    private static void run(Serializer serializer, int rounds) {
        List<Object> numbers = new ArrayList<>(Blocks.SIZE);
        for (int i = 0; i < Blocks.SIZE; i++) {
            // -100 to 2231: boxed from Integer.valueOf's cache (-128 to 127) and allocated.
            numbers.add(37 * i - 100);
        }
        try {
            for (int round = 0; round < rounds; round++) {
                byte[] job = Values.encode(numbers, Worker.JOB_HEADER, serializer);
                List<Object> arguments = Values.decodeTrusted(job, Worker.JOB_HEADER, job.length - Worker.JOB_HEADER, serializer);
                Work work = new Work(FUNCTIONS.get(round % FUNCTIONS.size()), arguments);
                byte[] reply = Values.encode(work.run(), Worker.REPLY_HEADER, serializer);
                Values.decode(reply, Worker.REPLY_HEADER, reply.length - Worker.REPLY_HEADER, serializer);
            }
        } catch (Exception | LinkageError e) {
            // Only a warm-up: the first job says what is wrong, if anything is.
        }
    }
}
