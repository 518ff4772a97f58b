package org.multiprocessing4j.spawn;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a child JVM is launched: the {@code java} executable, the JVM options and the class path.
 * By default all three are the running JVM's own: its executable, the options of its command
 * line that shape heap, modules, assertions and system properties, and its class path.
 */
public final class JvmSettings {
    /**
     * The option prefixes a child inherits. Agents, debuggers, logging and archive options are
     * left out: a second JVM with the same debugger port or archive output would fail or clash.
     */
    private static final List<String> INHERITED_PREFIXES = List.of(
            "-Xmx", "-Xms", "-Xss", "-Xmn", "-D", "-ea", "-da", "-esa", "-dsa",
            "-enableassertions", "-disableassertions", "--add-opens", "--add-exports", "--add-reads",
            "--add-modules", "--enable-preview", "--enable-native-access", "-XX:+Use", "-XX:-Use",
            "-XX:MaxRAMPercentage", "-XX:InitialRAMPercentage", "-XX:MaxDirectMemorySize",
            "-XX:ActiveProcessorCount");
    private static volatile JvmSettings inherited;

    private final Path javaExecutable;
    private final List<String> jvmOptions;
    private final String classPath;
    private final Map<String, String> systemProperties;

    private JvmSettings(Path javaExecutable, List<String> jvmOptions, String classPath,
                        Map<String, String> systemProperties) {
        this.javaExecutable = Objects.requireNonNull(javaExecutable, "javaExecutable");
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classPath = Objects.requireNonNull(classPath, "classPath");
        this.systemProperties = Map.copyOf(systemProperties);
    }

    /** The settings of the running JVM, computed once. */
    public static JvmSettings inherited(String launcherName) {
        JvmSettings settings = inherited;
        if (settings == null) {
            Path java = Path.of(System.getProperty("java.home"), "bin", launcherName);
            settings = new JvmSettings(java, inheritedOptions(), System.getProperty("java.class.path", ""), Map.of());
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

    /** The {@code java} executable. */
    public Path javaExecutable() {
        return javaExecutable;
    }

    /** The JVM options, before the class path. */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** The class path, with the platform's path separator. */
    public String classPath() {
        return classPath;
    }

    /** System properties set in the child before its entry is read. */
    public Map<String, String> systemProperties() {
        return systemProperties;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof JvmSettings)) {
            return false;
        }
        JvmSettings that = (JvmSettings) other;
        return javaExecutable.equals(that.javaExecutable) && jvmOptions.equals(that.jvmOptions)
                && classPath.equals(that.classPath) && systemProperties.equals(that.systemProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(javaExecutable, jvmOptions, classPath, systemProperties);
    }

    /** The same settings with another executable. */
    public JvmSettings withJavaExecutable(Path executable) {
        return new JvmSettings(executable, jvmOptions, classPath, systemProperties);
    }

    /** The same settings with other JVM options. */
    public JvmSettings withJvmOptions(List<String> options) {
        return new JvmSettings(javaExecutable, options, classPath, systemProperties);
    }

    /** The same settings with another class path. */
    public JvmSettings withClassPath(String path) {
        return new JvmSettings(javaExecutable, jvmOptions, path, systemProperties);
    }

    /** The same settings with one more system property for the child. */
    public JvmSettings withSystemProperty(String key, String value) {
        Map<String, String> properties = new LinkedHashMap<>(systemProperties);
        properties.put(key, value);
        return new JvmSettings(javaExecutable, jvmOptions, classPath, properties);
    }
}
