package org.multiprocessing4j;

import org.multiprocessing4j.platform.Platform;
import org.multiprocessing4j.spawn.JvmSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A start method and how its children are launched: Python's {@code multiprocessing.context}.
 * Java cannot fork a JVM, so the one start method is {@code "spawn"}: every child is a fresh
 * JVM. A context can change that JVM's executable, options, class path and system properties;
 * processes created through it ({@link #process(Target)}) use them.
 */
public final class Context {
    static final Context DEFAULT = new Context(null);
    private static final String SPAWN = "spawn";

    private final JvmSettings settings;

    private Context(JvmSettings settings) {
        this.settings = settings;
    }

    static Context forMethod(String method) {
        if (method == null || SPAWN.equals(method)) {
            return DEFAULT;
        }
        if ("fork".equals(method) || "forkserver".equals(method)) {
            throw new IllegalArgumentException("start method '" + method
                    + "' is not available: a JVM cannot fork, every child is a new JVM ('spawn')");
        }
        throw new IllegalArgumentException("cannot find context for '" + method + "'");
    }

    /** The start method, always {@code "spawn"}: Python's {@code get_start_method()}. */
    public String getStartMethod() {
        return SPAWN;
    }

    /** The launch settings: those of this JVM unless changed. */
    public JvmSettings jvmSettings() {
        return settings != null ? settings : JvmSettings.inherited(Platform.current().javaLauncherName());
    }

    /** A context whose children run {@code executable} instead of this JVM's {@code java}. */
    public Context withJavaExecutable(Path executable) {
        return new Context(jvmSettings().withJavaExecutable(Objects.requireNonNull(executable)));
    }

    /** A context whose children get {@code options} instead of this JVM's inherited options. */
    public Context withJvmOptions(List<String> options) {
        return new Context(jvmSettings().withJvmOptions(options));
    }

    /** A context whose children use {@code classPath}. */
    public Context withClassPath(String classPath) {
        return new Context(jvmSettings().withClassPath(Objects.requireNonNull(classPath)));
    }

    /** A context whose children set one more system property before they run. */
    public Context withSystemProperty(String key, String value) {
        return new Context(jvmSettings().withSystemProperty(key, value));
    }

    /** A process launched through this context: {@code ctx.Process(target=...)}. */
    public Process process(Target target) {
        return new Process(target, null, null, this);
    }

    /** A named process launched through this context. */
    public Process process(Target target, String name) {
        return new Process(target, name, null, this);
    }

    @Override
    public String toString() {
        return "Context[" + SPAWN + "]";
    }
}
