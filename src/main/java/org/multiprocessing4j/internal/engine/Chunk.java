package org.multiprocessing4j.internal.engine;

import java.util.List;

/** Chunk {@code index} of a call: its work, and the batch its outcome goes to. */
public final class Chunk implements Runnable {
    /** Where the outcome goes. */
    public final Batch batch;
    /** The chunk's place in its call. */
    public final int index;
    /** The function and the arguments. */
    public final Work work;

    /** Chunk {@code index} of {@code batch}. */
    public Chunk(Batch batch, int index, Work work) {
        this.batch = batch;
        this.index = index;
        this.work = work;
    }

    /** Runs the work here, in this thread, unless the call is finished, and reports the outcome. */
    @Override
    public void run() {
        if (batch.finished()) {
            return;
        }
        List<Object> values;
        try {
            values = work.run();
        } catch (Throwable e) {
            batch.chunkFailed(index, e);
            return;
        }
        batch.chunkDone(index, values);
    }
}
