package org.multiprocessing4j.internal.platform;

import com.sun.jna.LastErrorException;

import java.io.IOException;

/**
 * The errno values Linux and macOS share and the turning of a failed call into an
 * {@link IOException} that names the call, the system's text and the number.
 */
final class PosixErrors {
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int ECHILD = 10;
    static final int ENOMEM = 12;
    static final int EEXIST = 17;
    static final int ENFILE = 23;
    static final int EMFILE = 24;

    private PosixErrors() {
    }

    /** A system call that returns a count or fails with an errno. */
    @FunctionalInterface
    interface CountingCall {
        long call() throws LastErrorException;
    }

    /** Makes {@code call}, again while a signal interrupts it. */
    static long retryingOnEintr(String what, CountingCall call) throws IOException {
        while (true) {
            try {
                return call.call();
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw ioError(what, e);
                }
            }
        }
    }

    /** Fails for a call that returns its error number (the posix_spawn family) rather than setting errno. */
    static void check(int error, String what) throws IOException {
        if (error != 0) {
            throw new IOException(what + " failed: " + PosixLibC.strerror(error));
        }
    }

    /** The exception for a failed call: a {@link ResourceLimitException} when the process is out of descriptors. */
    static IOException ioError(String what, LastErrorException e) {
        int errno = e.getErrorCode();
        String message = what + " failed: " + PosixLibC.strerror(errno) + " (errno " + errno + ")";
        return errno == EMFILE || errno == ENFILE ? new ResourceLimitException(message, e) : new IOException(message, e);
    }
}
