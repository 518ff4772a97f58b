package org.multiprocessing4j.internal.spawn;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The class path a child of this JVM needs, built from where the classes really come from
 * rather than from {@code java.class.path} alone, which names only what the application class
 * loader reads. Under {@code mvn exec:java} that is plexus-classworlds, the project's classes
 * being in a class loader of the plugin's; IDE launchers shorten long class paths into one jar
 * whose manifest lists the rest; Spring Boot's launcher reads jars nested in its own.
 *
 * <p>The entries, in order, without repeats: the URLs of the thread's context class loader and
 * of its parents that are {@link URLClassLoader}s (nearest first); {@code java.class.path},
 * each jar followed by what its manifest's {@code Class-Path} adds; the code source of this
 * library. A URL a child JVM cannot read on its own — a jar inside a jar
 * ({@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/}, {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/})
 * or a directory inside a jar ({@code BOOT-INF/classes/}) — is extracted once into
 * {@code <cache>/classpath/}, named after the outer jar's path, size and time, and the copy is
 * put on the class path. Other URLs (a remote class loader's) are left out.
 */
final class ChildClassPath {
    private ChildClassPath() {
    }

    /** The class path of this JVM's children, with the platform's separator. */
    static String inherited(Path cacheDirectory) {
        Set<String> entries = new LinkedHashSet<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Deque<ClassLoader> loaders = new ArrayDeque<>();
        for (ClassLoader l = context; l != null; l = l.getParent()) {
            loaders.addLast(l);
        }
        for (ClassLoader loader : loaders) {
            if (loader instanceof URLClassLoader) {
                for (URL url : ((URLClassLoader) loader).getURLs()) {
                    addUrl(entries, url, cacheDirectory);
                }
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                addWithManifest(entries, entry, new LinkedHashSet<>());
            }
        }
        URL library = libraryLocation();
        if (library != null) {
            addUrl(entries, library, cacheDirectory);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Where this library's classes come from, or null if the JVM does not say. */
    static URL libraryLocation() {
        CodeSource source = ChildMain.class.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    private static void addUrl(Set<String> entries, URL url, Path cacheDirectory) {
        Path path = readable(url, cacheDirectory);
        if (path != null) {
            addWithManifest(entries, path.toString(), new LinkedHashSet<>());
        }
    }

    /** {@code entry}, then what its manifest's Class-Path adds (an IDE's shortened class path). */
    private static void addWithManifest(Set<String> entries, String entry, Set<String> seen) {
        if (!entries.add(entry) || !seen.add(entry) || !entry.endsWith(".jar")) {
            return;
        }
        Path jar = Path.of(entry);
        if (!Files.isRegularFile(jar)) {
            return;
        }
        String classPath;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        } catch (IOException | RuntimeException notAJar) {
            return;
        }
        if (classPath == null) {
            return;
        }
        URI base = jar.toAbsolutePath().getParent().toUri();
        for (String reference : classPath.trim().split("\\s+")) {
            try {
                URI uri = base.resolve(new URI(reference));
                if ("file".equals(uri.getScheme())) {
                    addWithManifest(entries, Path.of(uri).toString(), seen);
                }
            } catch (URISyntaxException | IllegalArgumentException unusable) {
                // The JVM skips it too.
            }
        }
    }

    /**
     * A path a child JVM can put on its class path for {@code url}: the file itself, or a copy
     * extracted from the jar that holds it; null if there is none.
     */
    static Path readable(URL url, Path cacheDirectory) {
        String text = url.toString();
        try {
            if (text.startsWith("file:")) {
                return Path.of(url.toURI());
            }
            if (text.startsWith("jar:")) {
                String inner = text.substring("jar:".length());
                if (inner.endsWith("!/")) {
                    inner = inner.substring(0, inner.length() - 2);
                }
                if (inner.startsWith("nested:")) {
                    // Spring Boot 3.2+: nested:<outer jar>/!<entry>
                    String rest = inner.substring("nested:".length());
                    int bang = rest.indexOf("/!");
                    if (bang < 0) {
                        return null;
                    }
                    return extract(Path.of(new URI("file", null, decode(rest.substring(0, bang)), null)),
                            rest.substring(bang + 2), cacheDirectory);
                }
                int bang = inner.indexOf("!/");
                if (bang < 0) {
                    return inner.startsWith("file:") ? Path.of(new URI(inner)) : null;
                }
                if (!inner.startsWith("file:")) {
                    return null;
                }
                // jar:file:<outer>!/<entry>: Spring Boot before 3.2, and other fat-jar launchers.
                return extract(Path.of(new URI(inner.substring(0, bang))), inner.substring(bang + 2), cacheDirectory);
            }
        } catch (URISyntaxException | IllegalArgumentException | IOException unusable) {
            return null;
        }
        return null;
    }

    private static String decode(String path) {
        return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * {@code entry} of the jar {@code outer}, as a file of its own: a nested jar copied, a
     * directory packed into a jar (class-data sharing takes jars only). Made once, beside its
     * final name and moved into place, so that concurrent launchers never see half of it.
     */
    private static Path extract(Path outer, String entry, Path cacheDirectory) throws IOException {
        if (!Files.isRegularFile(outer)) {
            return null;
        }
        boolean directory = entry.endsWith("/");
        String name = entry.replaceAll("/+$", "");
        name = name.substring(name.lastIndexOf('/') + 1);
        Path target = cacheDirectory.resolve("classpath").resolve(key(outer))
                .resolve(directory ? name + ".jar" : name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), name, ".partial");
        try {
            try (ZipFile zip = new ZipFile(outer.toFile())) {
                if (directory) {
                    packDirectory(zip, entry, partial);
                } else {
                    ZipEntry nested = zip.getEntry(entry);
                    if (nested == null) {
                        return null;
                    }
                    try (InputStream in = zip.getInputStream(nested)) {
                        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            publish(partial, target);
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Puts the finished file {@code partial} in place as {@code target} unless another process
     * did first: a file already published is never replaced, because class-data archives
     * recorded with it check its time and size.
     */
    static void publish(Path partial, Path target) throws IOException {
        try {
            Files.createLink(target, partial);
        } catch (FileAlreadyExistsException publishedMeanwhile) {
            // Identical content, made by another launcher.
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            if (!Files.isRegularFile(target)) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void packDirectory(ZipFile zip, String prefix, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (!e.getName().startsWith(prefix) || e.getName().length() == prefix.length()) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(e.getName().substring(prefix.length()));
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                if (!e.isDirectory()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
    }

    /** Names the extraction of {@code outer} after its path, size and time: a rebuilt jar is extracted anew. */
    private static String key(Path outer) throws IOException {
        String identity = outer.toAbsolutePath() + "\n" + Files.size(outer) + "\n" + Files.getLastModifiedTime(outer).toMillis();
        return "nested-" + digest(identity);
    }

    static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entries of {@code classPath}, a {@code dir/*} one replaced by the jars in it, as the launcher does. */
    static List<Path> expanded(String classPath) {
        List<Path> paths = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.endsWith("*")) {
                Path dir = Path.of(entry.length() == 1 ? "." : entry.substring(0, entry.length() - 1));
                try (var jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                    jars.forEach(paths::add);
                } catch (IOException unreadable) {
                    // The JVM skips it too.
                }
            } else {
                paths.add(Path.of(entry));
            }
        }
        return paths;
    }
}
