package org.multiprocessing4j.internal.platform;

import java.util.Locale;

/**
 * The operating system as the rest of the library sees it, one role at a time: process
 * control ({@link Processes}), descriptor I/O ({@link Descriptors}), listening and connecting
 * ({@link Endpoints}), shared-memory segments ({@link Segments}) and handing descriptors to a
 * running process ({@link HandlePassing}). Descriptors are file descriptors on POSIX and
 * handles on Windows, both carried as {@code long}.
 *
 * <p>This is the only layer that touches JNA or asks which operating system it runs on. JNA is
 * loaded on the first call that needs a role, not before: a child that never uses a
 * connection, a lock or shared memory does not load it at all. Its counterparts in CPython are
 * {@code _posixsubprocess}, {@code _winapi}, {@code _multiprocessing} and the {@code popen_*}
 * modules.
 */
public final class Platform {
    private static volatile boolean loaded;
    private final Processes processes;
    private final Descriptors descriptors;
    private final Endpoints endpoints;
    private final Segments segments;
    private final HandlePassing handlePassing;

    private Platform(Processes processes, Descriptors descriptors, Endpoints endpoints, Segments segments,
                     HandlePassing handlePassing) {
        this.processes = processes;
        this.descriptors = descriptors;
        this.endpoints = endpoints;
        this.segments = segments;
        this.handlePassing = handlePassing;
    }

    /** Process control: spawning, watching other processes, signal names. */
    public static Processes processes() {
        return Current.PLATFORM.processes;
    }

    /** Pipes, reading, writing, closing and waiting on descriptors. */
    public static Descriptors descriptors() {
        return Current.PLATFORM.descriptors;
    }

    /** Listening on and connecting to addresses. */
    public static Endpoints endpoints() {
        return Current.PLATFORM.endpoints;
    }

    /** Shared-memory segments and waits on words in them. */
    public static Segments segments() {
        return Current.PLATFORM.segments;
    }

    /** Handing descriptors to a process that is already running. */
    public static HandlePassing handlePassing() {
        return Current.PLATFORM.handlePassing;
    }

    /**
     * Loads the native layer of this system now rather than at its first use: for a JVM that
     * prepares itself ahead of the work it will be given (a spare, a class-data archive).
     */
    public static void load() {
        processes();
    }

    /** Whether the native layer is loaded in this JVM (a first role was asked for, or {@link #load}). */
    public static boolean isLoaded() {
        return loaded;
    }

    /** The size in bytes of C's {@code long} (8 on 64-bit Linux and macOS, 4 on Windows). */
    public static int cLongSize() {
        return isWindows(osName()) ? 4 : 8;
    }

    /** The size in bytes of C's {@code wchar_t} (4 on Linux and macOS, 2 on Windows). */
    public static int wcharSize() {
        return isWindows(osName()) ? 2 : 4;
    }

    /** Whether this is Linux; asked without loading the native layer. */
    static boolean isLinux() {
        return osName().toLowerCase(Locale.ROOT).startsWith("linux");
    }

    private static String osName() {
        return System.getProperty("os.name", "");
    }

    private static boolean isWindows(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /**
     * The roles for {@code osName}, wired to one another where they share state (the sockets of
     * Windows) or primitives (POSIX descriptors made close-on-exec).
     */
    private static Platform forSystem(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (isWindows(os)) {
            WindowsSockets sockets = new WindowsSockets();
            WindowsDescriptors descriptors = new WindowsDescriptors(sockets);
            return new Platform(new WindowsProcesses(), descriptors, new WindowsEndpoints(sockets, descriptors),
                    new WindowsSegments(), new WindowsHandlePassing());
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            MacDescriptors descriptors = new MacDescriptors();
            return new Platform(new MacProcesses(descriptors), descriptors, new MacEndpoints(), new MacSegments(),
                    new PosixHandlePassing(PosixHandlePassing.Layout.MAC, descriptors));
        }
        if (os.startsWith("linux")) {
            LinuxDescriptors descriptors = new LinuxDescriptors();
            return new Platform(new LinuxProcesses(descriptors), descriptors, new LinuxEndpoints(), new LinuxSegments(),
                    new PosixHandlePassing(PosixHandlePassing.Layout.LINUX, descriptors));
        }
        throw new UnsupportedOperationException("multiprocessing4j does not support " + osName);
    }

    /** The roles of the running system; a nested class so that JNA loads at the first use, not before. */
    private static final class Current {
        static final Platform PLATFORM = forSystem(osName());

        static {
            loaded = true;
        }
    }
}
