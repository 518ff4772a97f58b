package org.multiprocessing4j.internal.spawn;

import java.io.Serializable;

/**
 * What a child JVM runs once it has booted: the serialized payload of the boot pipe. The
 * {@code Process} facade supplies one; keeping it an interface keeps this layer free of it.
 */
public interface ChildEntry extends Serializable {

    /**
     * Runs in the child and returns its exit code.
     *
     * @param boot what the parent sent besides this entry
     */
    int run(BootData boot);
}
