package org.multiprocessing4j.pool;

import org.multiprocessing4j.internal.engine.Blocks;
import org.multiprocessing4j.internal.engine.Work;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.serialization.Serializer;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the per-block methods of a task's round trip (encoding ints, decoding them, applying a
 * function, encoding and decoding the results) a few hundred times over one block, in a worker
 * before its first job and in the parent while its workers boot. A worker is a new JVM whose
 * compiler takes a method only after about two hundred calls: without this, the first chunks of
 * a map run interpreted, several times slower than CPython's workers. It costs some 20,000
 * items' worth of loops, a few milliseconds of one core.
 *
 * <p>The data are chosen so that the first real map throws away nothing compiled here: code
 * compiled for what a warm-up never showed it (one function class only, numbers all inside or
 * all outside {@code Integer.valueOf}'s cache) is deoptimized at the first call that differs,
 * and recompiled from the interpreter in the middle of the user's map.
 */
final class WarmUp {
    /** Calls of each per-block method: past C1's threshold (200 calls) with room to spare. */
    private static final int ROUNDS = 300;
    /** Three function classes: the call site that applies the user's is compiled for any class. */
    private static final List<SerializableFunction<Object, Object>> FUNCTIONS =
            List.of(x -> x, x -> (Integer) x + 1, x -> -(Integer) x);

    private WarmUp() {
    }

    static void run(Serializer serializer) {
        List<Object> numbers = new ArrayList<>(Blocks.SIZE);
        for (int i = 0; i < Blocks.SIZE; i++) {
            // -100 to 2231: boxed from Integer.valueOf's cache (-128 to 127) and allocated.
            numbers.add(37 * i - 100);
        }
        try {
            for (int round = 0; round < ROUNDS; round++) {
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
