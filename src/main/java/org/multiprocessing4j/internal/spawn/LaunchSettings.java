package org.multiprocessing4j.internal.spawn;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a child JVM is launched: the {@code java} executable, the JVM options, the class path and
 * the system properties the child sets before it reads its entry. Spare JVMs are kept per
 * settings, so equal settings share them.
 *
 * @param javaExecutable   the {@code java} launcher
 * @param jvmOptions       the options before the class path
 * @param classPath        the class path, with the platform's path separator
 * @param systemProperties properties set in the child before its entry is read
 */
public record LaunchSettings(Path javaExecutable, List<String> jvmOptions, String classPath,
                             Map<String, String> systemProperties) {
    /**
     * The option prefixes a child inherits. Agents, debuggers, logging and archive options are
     * left out: a second JVM with the same debugger port or archive output would fail or clash.
     */
    private static final List<String> INHERITED_PREFIXES = List.of(
            "-Xmx", "-Xms", "-Xss", "-Xmn", "-D", "-ea", "-da", "-esa", "-dsa",
            "-enableassertions", "-disableassertions", "--add-opens", "--add-exports", "--add-reads",
            "--add-modules", "--enable-preview", "--enable-native-access", "--sun-misc-unsafe-memory-access",
            "-XX:+Use", "-XX:-Use",
            "-XX:MaxRAMPercentage", "-XX:InitialRAMPercentage", "-XX:MaxDirectMemorySize",
            "-XX:ActiveProcessorCount");
    private static volatile LaunchSettings inherited;

    /** Copies the lists and checks that nothing is null. */
    public LaunchSettings {
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(classPath, "classPath");
        systemProperties = Map.copyOf(systemProperties);
    }

    /**
     * The settings of the running JVM, computed once: its executable, the options of its
     * command line that shape heap, modules, assertions and system properties, and the class
     * path its classes come from ({@link ChildClassPath}: not only {@code java.class.path}).
     */
    public static LaunchSettings inherited(String launcherName) {
        LaunchSettings settings = inherited;
        if (settings == null) {
            Path java = Path.of(System.getProperty("java.home"), "bin", launcherName);
            settings = new LaunchSettings(java, inheritedOptions(), ChildClassPath.inherited(ClassDataSharing.cacheDirectory()), Map.of());
            inherited = settings;
        }
        return settings;
    }

    private static List<String> inheritedOptions() {
        List<String> options = new ArrayList<>();
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (INHERITED_PREFIXES.stream().anyMatch(argument::startsWith)) {
                options.add(argument);
                boolean takesNext = argument.startsWith("--add-") && !argument.contains("=");
                if (takesNext && i + 1 < arguments.size()) {
                    options.add(arguments.get(++i));
                }
            }
        }
        return options;
    }
}
