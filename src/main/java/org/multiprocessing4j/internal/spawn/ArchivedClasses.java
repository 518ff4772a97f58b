package org.multiprocessing4j.internal.spawn;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads, in the child that records the class-data archive, the library's classes that children
 * need, so that the archive holds them for every later child. The archive holds what its
 * recording child loaded, and that child is the program's first, of whatever kind: without
 * this, a later child holding a lock, a queue, a shared value or a pool's pipe loaded and
 * verified their classes from the jar (a third of a {@code lock_contended} child's decoding in
 * stack samples), and a child of another kind than the first opened the jar for the few classes
 * of its own path (a plain target's compact readers after a first child given a pipe; the
 * facade's and the connection's classes after a first plain one): opening it took the no-op
 * children of {@code spawn_start_join} from 13-15 ms of decoding to 21-25. Loaded, not
 * initialised: nothing runs. Only these packages: the whole library made the archive twice as
 * large, and children that hold none of these no faster.
 */
final class ArchivedClasses {
    private static final String LIBRARY = "org/multiprocessing4j/";
    private static final List<String> PACKAGES = List.of(LIBRARY, LIBRARY + "internal/spawn/", LIBRARY + "connection/",
            LIBRARY + "sync/", LIBRARY + "internal/memory/", LIBRARY + "queues/", LIBRARY + "shared/", LIBRARY + "pool/");
    private static final String CLASS = ".class";

    private ArchivedClasses() {
    }

    /** Loads those classes from the library's jar; nothing if the library is not in a jar. */
    static void loadSharedStateClasses() {
        URL location = ChildClassPath.libraryLocation();
        if (location == null || !location.getPath().endsWith(".jar")) {
            return;
        }
        ClassLoader loader = ArchivedClasses.class.getClassLoader();
        try (JarFile jar = new JarFile(Path.of(location.toURI()).toFile(), false)) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (isArchived(name)) {
                    load(name.substring(0, name.length() - CLASS.length()).replace('/', '.'), loader);
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException unreadable) {
            // Only a head start for later children: they load what they need themselves.
        }
    }

    /** Whether the jar entry {@code name} is a class of one of those packages (not of a subpackage). */
    static boolean isArchived(String name) {
        if (!name.endsWith(CLASS) || name.endsWith("package-info.class")) {
            return false;
        }
        int slash = name.lastIndexOf('/');
        return PACKAGES.contains(name.substring(0, slash + 1));
    }

    private static void load(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError | RuntimeException notLoadable) {
            // A class whose optional dependency is missing is simply not archived.
        }
    }
}
