package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.internal.spawn.ChildMain;
import org.multiprocessing4j.testing.FatJarApp;
import org.multiprocessing4j.testing.FreshJvm;
import org.multiprocessing4j.testing.Jars;
import org.multiprocessing4j.testing.Scenarios;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Children wherever the library runs: the child's class path is built from where the classes
 * really come from, not from {@code java.class.path} alone.
 */
class ClassPathSourcesTest {
    /** How long exec:java may join the program's interrupted threads: far longer than the run itself. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    private static final String APP = String.join("\n",
            "import org.multiprocessing4j.Process;",
            "public class App {",
            "    public static void main(String[] args) throws Exception {",
            "        Process p = new Process(() -> System.exit(App.class.getName().length() + 40));",
            "        p.start();",
            "        p.join();",
            "        System.out.println(\"exitcode=\" + p.getExitCode());",
            "        p.close();",
            "    }",
            "}",
            "");

    /** The library as a jar, packed from its classes directory, and the jars it needs. */
    private static List<Path> libraryJars(Path dir) throws Exception {
        List<Path> jars = new ArrayList<>();
        jars.add(Jars.packDirectory(Jars.codeSource(ChildMain.class), dir.resolve("multiprocessing4j.jar")));
        for (String prefix : List.of("jna-5", "jna-platform-", "slf4j-api-", "logback-classic-", "logback-core-")) {
            jars.addAll(Jars.onClassPath(prefix));
        }
        return jars;
    }

    private static String artifact(Path jar) {
        String name = jar.getFileName().toString().replaceAll("\\.jar$", "");
        int dash = name.lastIndexOf('-');
        return name.substring(0, dash);
    }

    private static String version(Path jar) {
        String name = jar.getFileName().toString().replaceAll("\\.jar$", "");
        return name.substring(name.lastIndexOf('-') + 1);
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    @Test
    @Timeout(400)
    void aProgramRunByMavenExecJavaStartsChildren(@TempDir Path dir) throws Exception {
        // exec:java runs the program inside Maven's JVM, whose java.class.path is
        // plexus-classworlds: the project's classes come from a class loader of the plugin.
        assumeTrue(onPath("mvn"), "no mvn on PATH");
        List<Path> jars = libraryJars(dir);
        Path project = Files.createDirectories(dir.resolve("app"));
        Path classes = Files.createDirectories(project.resolve("target/classes"));
        Path source = Files.writeString(project.resolve("App.java"), APP);
        String classPath = jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        java.lang.Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--release", "17", "-cp", classPath, "-d", classes.toString(), source.toString())
                .redirectErrorStream(true).start();
        String javacOutput = new String(javac.getInputStream().readAllBytes());
        assertEquals(0, javac.waitFor(), javacOutput);
        StringBuilder dependencies = new StringBuilder();
        for (Path jar : jars) {
            boolean library = jar.getFileName().toString().equals("multiprocessing4j.jar");
            String group = library ? "org.multiprocessing4j" : jar.toString().contains("/jna/") ? "net.java.dev.jna"
                    : jar.toString().contains("/slf4j/") ? "org.slf4j" : "ch.qos.logback";
            // System scope: the jars are used where they are, offline, without a repository.
            dependencies.append("<dependency><groupId>").append(group).append("</groupId><artifactId>")
                    .append(library ? "multiprocessing4j" : artifact(jar)).append("</artifactId><version>")
                    .append(library ? "0" : version(jar)).append("</version><scope>system</scope><systemPath>")
                    .append(jar.toAbsolutePath()).append("</systemPath></dependency>\n");
        }
        Files.writeString(project.resolve("pom.xml"), String.join("\n",
                "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
                "<modelVersion>4.0.0</modelVersion>",
                "<groupId>test</groupId><artifactId>app</artifactId><version>1</version>",
                "<dependencies>", dependencies.toString(), "</dependencies>",
                "<build><plugins><plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId>",
                "<version>3.5.0</version></plugin></plugins></build>",
                "</project>", ""));
        List<String> command = List.of("mvn", "-o", "-B", "-q", "-Dstyle.color=never", "exec:java", "-Dexec.mainClass=App",
                // System-scope dependencies are on the compile class path, not the runtime one.
                "-Dexec.classpathScope=compile",
                // After main, the plugin interrupts the program's daemon threads and joins them
                // for at most this long: the library's (the spares thread, an idle spare's
                // reaper) end on the interrupt, so none of it is waited out.
                "-Dexec.daemonThreadJoinTimeout=" + JOIN_TIMEOUT.toMillis(),
                "-Dmultiprocessing4j.cacheDir=" + dir.resolve("cache"));
        long began = System.nanoTime();
        java.lang.Process mvn = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(mvn.getInputStream().readAllBytes());
        int code = mvn.waitFor();
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assumeTrue(!output.contains("offline mode") && !output.contains("Cannot access"),
                "Maven cannot resolve exec-maven-plugin 3.5.0 offline here:\n" + output);
        assertEquals(0, code, output);
        // 40 + the length of "App": the child loaded App from the project's classes.
        assertTrue(output.lines().anyMatch(l -> l.endsWith("exitcode=43")), output);
        assertFalse(output.contains("multiprocessing4j:"), "a child or spare complained:\n" + output);
        // The plugin closes the program's class loader before Maven's JVM runs the exit hook.
        assertFalse(output.contains("NoClassDefFoundError"), output);
        assertTrue(took.compareTo(JOIN_TIMEOUT) < 0, "a thread of the program outlived its interrupt: mvn took " + took);
    }

    @Test
    @Timeout(120)
    void aSpringBootExecutableJarStartsChildren(@TempDir Path dir) throws Exception {
        Path loader = Jars.onClassPath("spring-boot-loader-").get(0);
        Path testClasses = Jars.codeSource(FatJarApp.class);
        List<Path> appClasses;
        try (Stream<Path> files = Files.list(testClasses.resolve("org/multiprocessing4j/testing"))) {
            appClasses = files.filter(f -> f.getFileName().toString().startsWith("FatJarApp")).toList();
        }
        Path jar = Jars.springBootJar(dir.resolve("app.jar"), loader, testClasses, appClasses, libraryJars(dir),
                FatJarApp.class.getName());
        Path cache = dir.resolve("cache");
        List<String> command = new java.util.ArrayList<>(FreshJvm.javaCommand());
        command.addAll(List.of("-Xmx128m", "-Dmultiprocessing4j.cacheDir=" + cache, "-jar", jar.toString()));
        FreshJvm.Result result = FreshJvm.runCommand(dir, command, Duration.ofSeconds(100));
        assertEquals(0, result.exitCode, result::toString);
        // The length of FatJarApp's name: the child loaded it from the extracted BOOT-INF/classes.
        assertTrue(result.stdout.lines().anyMatch(("exitcode=" + FatJarApp.class.getName().length())::equals), result::toString);
        String childClassPath = result.stdout.lines().filter(l -> l.startsWith("classpath=")).findFirst().orElse("");
        assertFalse(childClassPath.contains("nested:"), childClassPath);
        assertTrue(childClassPath.contains(cache.resolve("classpath").toString()), "nothing was extracted: " + childClassPath);
        assertEquals("", result.stderr, result::toString);
    }

    @Test
    @Timeout(120)
    void aClassPathShortenedIntoAManifestJarStartsChildren(@TempDir Path dir) throws Exception {
        // IDE launchers shorten long class paths into one jar whose manifest lists the rest;
        // the JVM follows it, and so must the child's class path and its check.
        List<Path> classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
        Path shortened = Jars.launcher(dir.resolve("classpath.jar"), classPath, Map.of());
        FreshJvm.Result result = FreshJvm.runCommand(dir, List.of(FreshJvm.java(), "-Xmx128m", "-cp", shortened.toString(),
                Scenarios.class.getName(), "throw"), Duration.ofSeconds(100));
        assertEquals(0, result.exitCode, result::toString);
        assertEquals("name=Process-1 exitcode=1", result.stdout.trim(), result::toString);
        assertTrue(result.stderr.contains("boom from the target"), result::toString);
    }
}
