package org.multiprocessing4j;

import org.multiprocessing4j.spawn.BootData;
import org.multiprocessing4j.spawn.ChildEntry;

/**
 * What travels to a child: the {@link Process} object. In the child it becomes the current
 * process and runs, as Python's {@code BaseProcess._bootstrap} does.
 */
final class ProcessEntry implements ChildEntry {
    private static final long serialVersionUID = 1L;

    private final Process process;

    ProcessEntry(Process process) {
        this.process = process;
    }

    @Override
    public int run(BootData boot) {
        ProcessTable.becomeChild(process, boot.authKey());
        if (boot.logLevel() != null) {
            Logging.toStderr(boot.logLevel());
        }
        int exitCode;
        try {
            Logging.info("child process calling self.run()");
            process.run();
            exitCode = 0;
        } catch (Throwable t) {
            System.err.println("Process " + process.getName() + ":");
            t.printStackTrace();
            exitCode = 1;
        }
        Logging.info("process exiting with exitcode {}", exitCode);
        return exitCode;
    }
}
