package org.multiprocessing4j.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Jars made by tests: the library packed from its classes directory (Surefire runs before the
 * jar is built), launcher jars whose manifest carries the class path, and a Spring Boot-style
 * executable jar with nested jars.
 */
public final class Jars {
    private Jars() {
    }

    /** This JVM's class path entries whose file name starts with {@code prefix} ("jna-5"). */
    public static List<Path> onClassPath(String prefix) {
        List<Path> found = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null && path.getFileName().toString().startsWith(prefix)) {
                found.add(path);
            }
        }
        return found;
    }

    /** Where {@code type} was loaded from: a directory or a jar. */
    public static Path codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Packs the directory {@code classes} into {@code jar}. */
    public static Path packDirectory(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> all = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                if (Files.isRegularFile(p)) {
                    out.putNextEntry(new ZipEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    /** A jar holding only a manifest: {@code attributes} and the class path as file URLs. */
    public static Path launcher(Path jar, List<Path> classPath, Map<String, String> attributes) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        StringBuilder urls = new StringBuilder();
        for (Path p : classPath) {
            String uri = p.toAbsolutePath().toUri().toString();
            urls.append(urls.length() == 0 ? "" : " ").append(Files.isDirectory(p) && !uri.endsWith("/") ? uri + "/" : uri);
        }
        main.put(Attributes.Name.CLASS_PATH, urls.toString());
        attributes.forEach(main::putValue);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
        return jar;
    }

    /**
     * A Spring Boot executable jar: the loader's classes at the root, {@code classes} (files
     * relative to their root directory) under BOOT-INF/classes/, {@code libs} stored uncompressed
     * under BOOT-INF/lib/ (the nested-jar format wants them so), started by {@code JarLauncher}.
     */
    public static Path springBootJar(Path jar, Path loaderJar, Path classesRoot, List<Path> classes, List<Path> libs,
                                     String startClass) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        main.putValue("Start-Class", startClass);
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            try (ZipFile loader = new ZipFile(loaderJar.toFile())) {
                Enumeration<? extends ZipEntry> entries = loader.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (e.getName().startsWith("META-INF/")) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(e.getName()));
                    try (InputStream in = loader.getInputStream(e)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            // The launcher finds BOOT-INF/classes/ by its directory entry, and packages by theirs.
            java.util.Set<String> directories = new java.util.TreeSet<>(List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/lib/"));
            for (Path c : classes) {
                String name = classesRoot.relativize(c).toString().replace(File.separatorChar, '/');
                for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
                    directories.add("BOOT-INF/classes/" + name.substring(0, slash + 1));
                }
            }
            for (String directory : directories) {
                out.putNextEntry(new ZipEntry(directory));
                out.closeEntry();
            }
            for (Path c : classes) {
                out.putNextEntry(new ZipEntry("BOOT-INF/classes/" + classesRoot.relativize(c).toString().replace(File.separatorChar, '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
            for (Path lib : libs) {
                byte[] bytes = Files.readAllBytes(lib);
                ZipEntry stored = new ZipEntry("BOOT-INF/lib/" + lib.getFileName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(bytes.length);
                stored.setCompressedSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                stored.setCrc(crc.getValue());
                out.putNextEntry(stored);
                out.write(bytes);
                out.closeEntry();
            }
        }
        return jar;
    }
}
