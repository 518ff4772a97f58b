package org.multiprocessing4j.internal.platform;

import java.io.IOException;

/**
 * A call failed because this process, or the system, holds as many descriptors (EMFILE,
 * ENFILE) or mappings (ENOMEM from mmap) as it may. Unlike other failures it may pass: objects
 * that are unreachable but not yet collected can hold some of them, and their cleaners give
 * them back after a garbage collection.
 */
public final class ResourceLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    ResourceLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
