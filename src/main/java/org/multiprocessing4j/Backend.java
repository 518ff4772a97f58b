package org.multiprocessing4j;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.queues.JoinableQueue;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.queues.SimpleQueue;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.util.List;

/**
 * Where a {@link Context} runs what it makes: child JVMs ({@link SpawnBackend}, the
 * {@code "spawn"} start method) or threads of this JVM ({@link ThreadBackend}, the
 * {@code "thread"} context, CPython's {@code multiprocessing.dummy}). The API types are the same
 * for both; each backend gives the parts that differ: how a {@link Process} starts, and which
 * engine is behind a queue and a pipe. (A pool asks its context's start method: {@code Pool}
 * is above this package.)
 */
interface Backend {
    /** The name {@link Context#getStartMethod()} gives. */
    String name();

    /**
     * Starts {@code process}, whose preconditions {@link Process#start()} has checked, and hands
     * it its {@link Running} ({@link Process#started}) before the activity runs.
     */
    void start(Process process, Context context);

    /** What {@code ctx.queue(maxSize)} makes. */
    <E> Queue<E> queue(int maxSize, Serializer serializer);

    /** What {@code ctx.joinableQueue(maxSize)} makes. */
    <E> JoinableQueue<E> joinableQueue(int maxSize, Serializer serializer);

    /** What {@code ctx.simpleQueue()} makes. */
    <E> SimpleQueue<E> simpleQueue(Serializer serializer);

    /** What {@code ctx.pipe(duplex)} makes. */
    Connection[] pipe(boolean duplex, Serializer serializer) throws IOException;

    /** What {@code ctx.currentProcess()} gives. */
    Process currentProcess();

    /** What {@code ctx.activeChildren()} gives. */
    List<Process> activeChildren();
}
