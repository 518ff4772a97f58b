package org.multiprocessing4j.internal.platform;

import com.sun.jna.Native;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What lets a child JVM start this layer fast. JNA's first use costs a fresh JVM about as much
 * as the JVM's own start: it copies its native library out of its jar into a new temporary file
 * (seeding {@code SecureRandom} to name it) and, on Linux, runs {@code /sbin/ldconfig -p} to
 * learn the library search path. A child that is given the directory of an already unpacked
 * copy ({@code jna.boot.library.path}) and the search path this JVM computed
 * ({@code jna.platform.library.path}) does neither, and resolves libraries exactly as its
 * parent does.
 */
final class NativeBoot {
    private static final String BOOT_PATH = "jna.boot.library.path";
    private static final String SEARCH_PATH = "jna.platform.library.path";

    private NativeBoot() {
    }

    /**
     * The JVM options for a child launched with {@code userOptions}: none that the user already
     * gives, and none that could not be prepared (the child then does what JNA does by default).
     */
    static List<String> childOptions(Path cacheDirectory, List<String> userOptions) {
        List<String> options = new ArrayList<>(2);
        if (!setBy(userOptions, BOOT_PATH)) {
            Path directory = unpackedDispatchLibrary(cacheDirectory);
            if (directory != null) {
                options.add("-D" + BOOT_PATH + "=" + directory);
            }
        }
        String searchPath = System.getProperty(SEARCH_PATH);
        if (searchPath != null && !setBy(userOptions, SEARCH_PATH)) {
            options.add("-D" + SEARCH_PATH + "=" + searchPath);
        }
        return options;
    }

    private static boolean setBy(List<String> options, String property) {
        String prefix = "-D" + property + "=";
        return options.stream().anyMatch(option -> option.startsWith(prefix));
    }

    /**
     * The directory holding JNA's native library unpacked under the name JNA looks for, made
     * once per JNA version and platform; null if it cannot be made.
     */
    private static Path unpackedDispatchLibrary(Path cacheDirectory) {
        String fileName = System.mapLibraryName("jnidispatch");
        if (fileName.endsWith(".dylib")) {
            fileName = fileName.replace(".dylib", ".jnilib");
        }
        String resource = "/com/sun/jna/" + com.sun.jna.Platform.RESOURCE_PREFIX + "/" + fileName;
        Path directory = cacheDirectory.resolve("jna-" + Native.VERSION_NATIVE + "-" + com.sun.jna.Platform.RESOURCE_PREFIX);
        Path library = directory.resolve(fileName);
        if (Files.isRegularFile(library)) {
            return directory;
        }
        try (InputStream in = Native.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Files.createDirectories(directory);
            // Unpacked beside its final name and moved into place, so that a concurrent
            // launcher or child never loads half a library.
            Path partial = Files.createTempFile(directory, fileName, ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                try {
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    if (!Files.isRegularFile(library)) {
                        Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } finally {
                Files.deleteIfExists(partial);
            }
            return directory;
        } catch (IOException | RuntimeException unusable) {
            return null;
        }
    }
}
