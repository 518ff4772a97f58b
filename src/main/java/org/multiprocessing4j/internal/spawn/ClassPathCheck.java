package org.multiprocessing4j.internal.spawn;


import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipFile;

/**
 * Checks before a launch that a child's class path holds this library, so that a bad class
 * path fails {@code start()} with the reason instead of a child that dies at once. A JVM
 * quietly skips class path entries that do not exist, so nothing else would say so.
 */
final class ClassPathCheck {
    private static final String CHILD_MAIN = ChildLauncher.MAIN_CLASS.replace('.', '/') + ".class";
    private static final Map<String, Boolean> CHECKED = new ConcurrentHashMap<>();

    private ClassPathCheck() {
    }

    static void requireLibrary(String classPath, String what) throws IOException {
        if (!CHECKED.computeIfAbsent(classPath, ClassPathCheck::holdsLibrary)) {
            throw new IOException("cannot start " + what + ": the child's class path does not hold "
                    + ChildLauncher.MAIN_CLASS + " (multiprocessing4j), whose classes this JVM loaded from "
                    + ChildClassPath.libraryLocation() + ", which a child JVM cannot read; give the children a class "
                    + "path that holds the library's jar and the target's classes with "
                    + "Context.withClassPath or JvmSettings.withClassPath; class path: " + classPath);
        }
    }

    private static boolean holdsLibrary(String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.endsWith("*")) {
                if (anyJarHolds(Path.of(entry.isEmpty() ? "." : entry.substring(0, entry.length() - 1)))) {
                    return true;
                }
            } else if (holds(Path.of(entry.isEmpty() ? "." : entry))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyJarHolds(Path directory) {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, "*.{jar,JAR}")) {
            for (Path jar : jars) {
                if (holds(jar)) {
                    return true;
                }
            }
        } catch (IOException unreadable) {
            return false;
        }
        return false;
    }

    private static boolean holds(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.isRegularFile(entry.resolve(CHILD_MAIN));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (ZipFile jar = new ZipFile(entry.toFile())) {
            return jar.getEntry(CHILD_MAIN) != null;
        } catch (IOException notAJar) {
            return false;
        }
    }
}
