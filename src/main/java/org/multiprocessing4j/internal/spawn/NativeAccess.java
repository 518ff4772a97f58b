package org.multiprocessing4j.internal.spawn;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a child JVM gets native access, so that JNA's first call does not print JDK 24+'s
 * "A restricted method in java.lang.System has been called" warning (four lines) on the
 * user's standard error from every child and spare that loads it.
 *
 * <p>On a JDK of {@value #FIRST_FEATURE} or later, unless the user's options say something of
 * their own, the child is started with {@code -jar} on a launcher jar made once per class path
 * in the cache directory: its manifest names {@link ChildMain} as the main class, lists the
 * class path in {@code Class-Path}, and says {@code Enable-Native-Access: ALL-UNNAMED}. Not
 * {@code --enable-native-access=ALL-UNNAMED} on the command line: that option turns off the
 * "full module graph" of class-data sharing (the archived boot layer), measured at about 20 ms
 * more processor time per JVM here, where the manifest costs about 5 ms. The option remains the
 * fallback where the launcher jar cannot be written.
 */
final class NativeAccess {
    /** The first JDK with {@code Enable-Native-Access} in an executable jar's manifest. */
    static final int FIRST_FEATURE = 22;
    private static final String OPTION = "--enable-native-access=ALL-UNNAMED";
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private NativeAccess() {
    }

    /**
     * The end of a child's command line: {@code -cp <class path> ChildMain}, or, where native
     * access must be given, {@code -jar <launcher>} (or the option before {@code -cp}).
     */
    static List<String> mainArguments(LaunchSettings settings, Path cacheDirectory) {
        List<String> plain = List.of("-cp", settings.classPath(), ChildLauncher.MAIN_CLASS);
        if (settings.jvmOptions().stream().anyMatch(o -> o.startsWith("--enable-native-access")
                || o.startsWith("--illegal-native-access")) || feature(settings.javaExecutable()) < FIRST_FEATURE) {
            return plain;
        }
        Path launcher = launcherJar(settings.classPath(), cacheDirectory);
        if (launcher == null) {
            return List.of(OPTION, "-cp", settings.classPath(), ChildLauncher.MAIN_CLASS);
        }
        return List.of("-jar", launcher.toString());
    }

    /**
     * The feature version of the JDK that {@code java} belongs to: this JVM's for its own
     * launcher, else what the JDK's {@code release} file says; 0 if unknown.
     */
    static int feature(Path java) {
        Path home = java.toAbsolutePath().getParent() == null ? null : java.toAbsolutePath().getParent().getParent();
        if (home == null) {
            return 0;
        }
        if (home.equals(Path.of(System.getProperty("java.home")).toAbsolutePath())) {
            return Runtime.version().feature();
        }
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
            if (m.find()) {
                int major = Integer.parseInt(m.group(1));
                // "1.8.0_x" names Java 8.
                return major == 1 ? 8 : major;
            }
        } catch (IOException | RuntimeException unknown) {
            // A JDK without a release file: leave its command line as it is.
        }
        return 0;
    }

    /**
     * How the launcher jar in {@code directory} names {@code entry} in its {@code Class-Path}: a
     * path relative to the directory where one can be written as it is, since class-data sharing
     * (HotSpot's own reading of the manifest) takes every entry for a path relative to the jar
     * and would archive none of the classes an absolute {@code file:} URL leads to; the URL
     * elsewhere (another drive, a character a URL must escape), where classes load unshared.
     */
    static String reference(Path entry, Path directory) {
        Path absolute = entry.toAbsolutePath().normalize();
        // A directory's URL must end with a slash, or it is taken for a jar.
        String slash = Files.isDirectory(absolute) ? "/" : "";
        try {
            String relative = directory.toAbsolutePath().normalize().relativize(absolute).toString()
                    .replace(File.separatorChar, '/');
            if (!relative.isEmpty() && new URI(null, null, relative, null).getRawPath().equals(relative)) {
                return relative + slash;
            }
        } catch (IllegalArgumentException | URISyntaxException elsewhere) {
            // Another root or drive: the absolute URL.
        }
        String uri = absolute.toUri().toString();
        return uri.endsWith("/") ? uri : uri + slash;
    }

    /** The launcher jar for {@code classPath}, made once; null if it cannot be written. */
    static Path launcherJar(String classPath, Path cacheDirectory) {
        Path jar = cacheDirectory.resolve("launchers").resolve("launch-" + ChildClassPath.digest(classPath) + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, ChildLauncher.MAIN_CLASS);
        StringBuilder references = new StringBuilder();
        for (Path entry : ChildClassPath.expanded(classPath)) {
            references.append(references.length() == 0 ? "" : " ").append(reference(entry, jar.getParent()));
        }
        main.put(Attributes.Name.CLASS_PATH, references.toString());
        main.putValue("Enable-Native-Access", "ALL-UNNAMED");
        try {
            Files.createDirectories(jar.getParent());
            Path partial = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".partial");
            try {
                try (OutputStream file = Files.newOutputStream(partial); JarOutputStream out = new JarOutputStream(file, manifest)) {
                    out.flush();
                }
                ChildClassPath.publish(partial, jar);
            } finally {
                Files.deleteIfExists(partial);
            }
            return jar;
        } catch (IOException | RuntimeException unwritable) {
            return null;
        }
    }
}
