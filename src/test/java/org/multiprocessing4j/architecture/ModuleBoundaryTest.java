package org.multiprocessing4j.architecture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module boundary seen from outside: an application module that requires
 * {@code org.multiprocessing4j} compiles against the API and cannot import an internal type.
 */
class ModuleBoundaryTest {
    private static final String MODULE_INFO = "module app { requires org.multiprocessing4j; }";

    @Test
    void anApplicationModuleCompilesAgainstTheApi(@TempDir Path dir) throws IOException {
        List<String> errors = compile(dir, "package app;\n"
                + "import org.multiprocessing4j.Multiprocessing;\n"
                + "import org.multiprocessing4j.Process;\n"
                + "import org.multiprocessing4j.connection.Connection;\n"
                + "import org.multiprocessing4j.function.Target;\n"
                + "import org.multiprocessing4j.pool.Pool;\n"
                + "import org.multiprocessing4j.queues.Queue;\n"
                + "import org.multiprocessing4j.shared.Value;\n"
                + "import org.multiprocessing4j.sync.Lock;\n"
                + "public class Main {\n"
                + "  public static void main(String[] a) throws Exception {\n"
                + "    Target t = () -> System.out.println(\"hi\");\n"
                + "    Process p = new Process(t); p.start(); p.join();\n"
                + "    Queue<String> q = new Queue<>(); Lock l = new Lock(); Value<Integer> v = new Value<>(\"i\", 0);\n"
                + "    Connection[] c = org.multiprocessing4j.connection.Pipe.open();\n"
                + "    try (Pool pool = new Pool(1)) { pool.map(x -> x, java.util.List.of(1)); }\n"
                + "    Multiprocessing.getLogger().info(\"done\");\n"
                + "  }\n"
                + "}\n");
        assertTrue(errors.isEmpty(), () -> "the API does not compile from an application module: " + errors);
    }

    @Test
    void anApplicationModuleCannotImportAnInternalType(@TempDir Path dir) throws IOException {
        List<String> errors = compile(dir, "package app;\n"
                + "import org.multiprocessing4j.internal.platform.Platform;\n"
                + "public class Main { Object descriptors = Platform.descriptors(); }\n");
        assertFalse(errors.isEmpty(), "an internal package is visible outside the module");
        assertTrue(errors.stream().anyMatch(e -> e.contains("org.multiprocessing4j.internal.platform")
                        && (e.contains("not visible") || e.contains("does not export"))),
                () -> "unexpected errors: " + errors);
    }

    /** Compiles {@code source} as {@code app/Main.java} of module {@code app}; returns the errors. */
    private static List<String> compile(Path dir, String source) throws IOException {
        Path sources = dir.resolve("src");
        Files.createDirectories(sources.resolve("app"));
        Files.writeString(sources.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(sources.resolve("app/Main.java"), source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("--module-path", modulePath(), "-d", dir.resolve("out").toString(),
                    "-proc:none");
            List<File> units = List.of(sources.resolve("module-info.java").toFile(), sources.resolve("app/Main.java").toFile());
            compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(units)).call();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
    }

    /** The library's compiled module and the jars it requires, from the test class path. */
    private static String modulePath() {
        List<String> path = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (entry.endsWith("classes") && !entry.endsWith("test-classes")
                    || name.startsWith("jna-") || name.startsWith("slf4j-api-")) {
                path.add(entry);
            }
        }
        return String.join(File.pathSeparator, path);
    }
}
