package org.multiprocessing4j;

import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.internal.spawn.LaunchSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link Context} launches its child JVMs: the {@code java} executable, the JVM options,
 * the class path and system properties for the child. By default all are the running JVM's
 * own: its executable, the options of its command line that shape heap, modules, assertions and
 * system properties, and its class path. Immutable; the {@code with} methods return new settings.
 */
public final class JvmSettings {
    private final LaunchSettings settings;

    private JvmSettings(LaunchSettings settings) {
        this.settings = settings;
    }

    /** The settings of the running JVM. */
    public static JvmSettings inherited() {
        return new JvmSettings(LaunchSettings.inherited(Platform.processes().javaLauncherName()));
    }

    LaunchSettings launchSettings() {
        return settings;
    }

    /** The {@code java} executable. */
    public Path javaExecutable() {
        return settings.javaExecutable();
    }

    /** The JVM options, before the class path. */
    public List<String> jvmOptions() {
        return settings.jvmOptions();
    }

    /** The class path, with the platform's path separator. */
    public String classPath() {
        return settings.classPath();
    }

    /** System properties set in the child before it reads its target. */
    public Map<String, String> systemProperties() {
        return settings.systemProperties();
    }

    /** The same settings with another executable. */
    public JvmSettings withJavaExecutable(Path executable) {
        return new JvmSettings(new LaunchSettings(executable, jvmOptions(), classPath(), systemProperties()));
    }

    /** The same settings with other JVM options. */
    public JvmSettings withJvmOptions(List<String> options) {
        return new JvmSettings(new LaunchSettings(javaExecutable(), options, classPath(), systemProperties()));
    }

    /** The same settings with another class path. */
    public JvmSettings withClassPath(String path) {
        return new JvmSettings(new LaunchSettings(javaExecutable(), jvmOptions(), path, systemProperties()));
    }

    /** The same settings with one more system property for the child. */
    public JvmSettings withSystemProperty(String key, String value) {
        Map<String, String> properties = new LinkedHashMap<>(systemProperties());
        properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new JvmSettings(new LaunchSettings(javaExecutable(), jvmOptions(), classPath(), properties));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JvmSettings && ((JvmSettings) other).settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "JvmSettings[java=" + javaExecutable() + ", options=" + jvmOptions() + ", classPath=" + classPath()
                + ", systemProperties=" + systemProperties() + "]";
    }
}
