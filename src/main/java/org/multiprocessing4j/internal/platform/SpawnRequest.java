package org.multiprocessing4j.internal.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a child is started with: its command line, an optional standard input, and the
 * descriptors it inherits. Standard output and error are always the parent's.
 *
 * <p>On POSIX the inherited descriptors appear in the child as 3, 4, 5… in the order given;
 * everything else the parent has open is closed in the child. On Windows they keep their
 * handle values and only they (and the standard handles) are inherited.
 */
public final class SpawnRequest {
    private final List<String> command;
    private final long stdin;
    private final List<Long> inherited;

    private SpawnRequest(List<String> command, long stdin, List<Long> inherited) {
        this.command = List.copyOf(command);
        this.stdin = stdin;
        this.inherited = Collections.unmodifiableList(new ArrayList<>(inherited));
    }

    /**
     * @param command   program and arguments; the program is looked up on PATH if it has no slash
     * @param stdin     the descriptor to become the child's standard input, or -1 for the parent's
     * @param inherited descriptors handed to the child (see the class comment for numbering)
     */
    public static SpawnRequest of(List<String> command, long stdin, List<Long> inherited) {
        Objects.requireNonNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return new SpawnRequest(command, stdin, inherited);
    }

    /** The program and its arguments. */
    public List<String> command() {
        return command;
    }

    /** The child's standard input, or -1 to share the parent's. */
    public long stdin() {
        return stdin;
    }

    /** The descriptors handed down, in order. */
    public List<Long> inherited() {
        return inherited;
    }
}
