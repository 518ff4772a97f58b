package org.multiprocessing4j;

import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.internal.platform.ChildProcess;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Trace;
import org.multiprocessing4j.internal.spawn.BootData;
import org.multiprocessing4j.internal.spawn.ChildLauncher;
import org.multiprocessing4j.internal.spawn.LaunchedChild;
import org.multiprocessing4j.internal.spawn.Spares;
import org.multiprocessing4j.queues.JoinableQueue;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.queues.SimpleQueue;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The {@code "spawn"} start method: every process is a new JVM ({@link ChildLauncher}), queues
 * and pipes carry serialized objects between processes, pools have worker processes.
 */
final class SpawnBackend implements Backend {
    static final SpawnBackend INSTANCE = new SpawnBackend();
    /** Whether the spawn layer has its sample entry: given at the first start, not by every JVM. */
    private static volatile boolean sampleGiven;

    private SpawnBackend() {
    }

    @Override
    public String name() {
        return Context.SPAWN;
    }

    /** Launches the child JVM (a daemonic process may not, as in CPython); the target has travelled with it, so this object lets it go, as CPython does. */
    @Override
    public void start(Process process, Context context) {
        if (ProcessTable.current().isDaemon()) {
            throw new IllegalStateException("daemonic processes are not allowed to have children");
        }
        ProcessTable.cleanup();
        if (!sampleGiven) {
            sampleGiven = true;
            Spares.setSampleEntry(new ProcessEntry(Process.sample()));
        }
        BootData boot = new BootData(process.parentPid(), process.getAuthKey(), process.isDaemon(), Log.levelName(),
                Log.format(), context.jvmSettings().systemProperties());
        LaunchedChild child;
        try {
            child = ChildLauncher.launch(context.jvmSettings().launchSettings(), boot, new ProcessEntry(process),
                    process.getName(), context.getSerializer());
        } catch (IOException e) {
            throw new ProcessError(e.getMessage(), e);
        }
        process.started(new ChildRun(child));
        process.setTarget(null);
        ProcessTable.addChild(process);
        if (Trace.ON) {
            Trace.mark("started " + child.nativeChild().pid());
        }
    }

    @Override
    public <E> Queue<E> queue(int maxSize, Serializer serializer) {
        return new Queue<>(maxSize, serializer);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(int maxSize, Serializer serializer) {
        return new JoinableQueue<>(maxSize, serializer);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue(Serializer serializer) {
        return new SimpleQueue<>(serializer);
    }

    @Override
    public Connection[] pipe(boolean duplex, Serializer serializer) throws IOException {
        return Pipe.open(duplex, serializer);
    }


    @Override
    public Process currentProcess() {
        return ProcessTable.current();
    }

    @Override
    public List<Process> activeChildren() {
        return ProcessTable.activeChildren();
    }

    /** A child JVM, through its {@link ChildProcess}. */
    private static final class ChildRun implements Running {
        private final LaunchedChild launched;

        ChildRun(LaunchedChild launched) {
            this.launched = launched;
        }

        private ChildProcess child() {
            return launched.nativeChild();
        }

        @Override
        public long pid() {
            return child().pid();
        }

        @Override
        public Integer exitCode() {
            return child().exitCode();
        }

        @Override
        public boolean isAlive() {
            return child().isAlive();
        }

        @Override
        public Integer waitFor(Duration timeout) throws InterruptedException {
            return child().waitFor(timeout);
        }

        @Override
        public Sentinel sentinel() {
            return new Sentinel(child().sentinel());
        }

        @Override
        public void terminate() {
            child().terminate();
        }

        @Override
        public void kill() {
            child().kill();
        }

        @Override
        public void close() {
            launched.close();
        }
    }
}
