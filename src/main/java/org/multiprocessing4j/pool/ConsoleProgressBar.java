package org.multiprocessing4j.pool;

import java.io.PrintStream;

/**
 * A ready {@link ProgressListener} that draws a bar on a console, redrawn in place:
 * {@code [##########··········]  50% 500/1000}, and ends the line once all is done.
 *
 * <pre>{@code
 * pool.map(Work::heavy, items, 0, new ConsoleProgressBar(System.err));
 * }</pre>
 */
public final class ConsoleProgressBar implements ProgressListener {
    private static final int WIDTH = 30;

    private final PrintStream out;

    /** A bar drawn on {@code out} (a terminal understands the carriage return that redraws it). */
    public ConsoleProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void progress(int done, int total) {
        out.print(render(done, total));
        if (done >= total) {
            out.println();
        }
        out.flush();
    }

    /** One drawing of the bar, starting with a carriage return. */
    static String render(int done, int total) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        int percent = total == 0 ? 100 : (int) (100L * done / total);
        return "\r[" + "#".repeat(filled) + "\u00b7".repeat(WIDTH - filled) + "] "
                + String.format("%3d%% %d/%d", percent, done, total);
    }
}
