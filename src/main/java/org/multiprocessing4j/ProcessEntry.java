package org.multiprocessing4j;

import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Trace;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.codec.CompactLambda;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.codec.PlainOutput;
import org.multiprocessing4j.internal.spawn.BootData;
import org.multiprocessing4j.internal.spawn.ChildEntry;
import org.multiprocessing4j.internal.spawn.CompactEntry;

import java.io.IOException;
import java.lang.invoke.SerializedLambda;

/**
 * What travels to a child: the {@link Process} object. In the child it becomes the current
 * process and runs, as Python's {@code BaseProcess._bootstrap} does. A plain {@code Process}
 * whose target is a lambda capturing only strings and boxed primitives travels as plain data
 * (see {@link CompactLambda} for why); anything else is serialized.
 */
final class ProcessEntry implements CompactEntry {
    private static final long serialVersionUID = 1L;

    private final Process process;

    ProcessEntry(Process process) {
        this.process = process;
    }

    @Override
    public boolean writeCompact(PlainOutput out) {
        if (process.getClass() != Process.class) {
            return false;
        }
        Target target = process.target();
        SerializedLambda lambda = target == null ? null : CompactLambda.describe(target);
        if (target != null && lambda == null) {
            return false;
        }
        out.writeString(process.getName());
        int[] identity = process.identity();
        out.writeInt(identity.length);
        for (int n : identity) {
            out.writeInt(n);
        }
        out.writeBoolean(process.isDaemon());
        out.writeLong(process.parentPid());
        out.writeString(process.parentName() == null ? "" : process.parentName());
        out.writeBoolean(lambda != null);
        if (lambda != null) {
            CompactLambda.write(lambda, out);
        }
        return true;
    }

    @Override
    public Class<? extends Reader> readerClass() {
        return CompactReader.class;
    }

    /** Rebuilds what {@link #writeCompact} wrote. */
    static final class CompactReader implements Reader {
        @Override
        public ChildEntry read(PlainInput in) throws IOException {
            String name = in.readString();
            int[] identity = new int[in.readCount(Integer.BYTES, "identity numbers")];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = in.readInt();
            }
            boolean daemon = in.readBoolean();
            long parentPid = in.readLong();
            String parentName = in.readString();
            Process process = new Process(name, identity, daemon, parentPid, parentName.isEmpty() ? null : parentName, new byte[0]);
            if (in.readBoolean()) {
                process.setTarget(CompactLambda.readTarget(in));
            }
            return new ProcessEntry(process);
        }
    }

    @Override
    public int run(BootData boot) {
        ProcessTable.becomeChild(process, boot.authKey());
        if (boot.logLevel() != null) {
            Log.toStderr(boot.logLevel(), boot.logFormat());
        }
        Log.lifecycle("child process calling self.run()");
        Trace.mark("run");
        int exitCode = process.runToExitCode();
        Trace.mark("ran");
        Log.lifecycle("process exiting with exitcode {}", exitCode);
        return exitCode;
    }
}
