package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher jar's {@code Class-Path}: paths relative to the jar, which both the JDK's class
 * loader and class-data sharing read alike (an absolute {@code file:} URL only the former does,
 * so an archive recorded through it holds none of the class path's classes).
 */
class NativeAccessTest {

    @Test
    void theLauncherJarNamesTheClassPathRelativeToItself(@TempDir Path dir) throws Exception {
        Path jna = Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path spaced = Files.createDirectories(dir.resolve("with space"));
        String classPath = String.join(File.pathSeparator, jna.toString(), classes.toString(), spaced.toString());
        Path launcher = NativeAccess.launcherJar(classPath, dir.resolve("cache"));
        assertNotNull(launcher);
        List<String> entries;
        try (JarFile jar = new JarFile(launcher.toFile())) {
            entries = List.of(jar.getManifest().getMainAttributes().getValue("Class-Path").split(" "));
        }
        assertEquals(3, entries.size(), entries::toString);
        assertEquals(jna.toAbsolutePath().normalize(), launcher.getParent().resolve(entries.get(0)).normalize());
        assertTrue(entries.get(1).startsWith("../") && entries.get(1).endsWith("classes/"), entries.get(1));
        // A name a URL must escape: the absolute URL, which class-data sharing cannot follow.
        assertEquals(spaced.toUri().toString(), entries.get(2));
        // The JDK's class loader follows the relative entries.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {launcher.toUri().toURL()}, null)) {
            assertEquals(jna.toUri().toURL().toString(),
                    loader.loadClass("com.sun.jna.Native").getProtectionDomain().getCodeSource().getLocation().toString());
        }
    }
}
