package org.multiprocessing4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Child → test communication through files, since there are no pipes or queues yet: a child
 * writes a file atomically (temporary file, then rename), the test waits for it to appear.
 */
public final class Handoff {
    private Handoff() {
    }

    /** Writes {@code text} to {@code path} so that a reader sees either nothing or all of it. */
    public static void write(String path, String text) {
        Path target = Path.of(path);
        Path temporary = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits at most {@code timeout} for {@code path} to exist and returns its content. */
    public static String await(Path path, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(path)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no file " + path + " after " + timeout.toMillis() + " ms");
            }
            Thread.sleep(20);
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    /** The content of {@code path}, which must exist now. */
    public static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }
}
