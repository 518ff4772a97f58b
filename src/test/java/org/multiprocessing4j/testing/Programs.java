package org.multiprocessing4j.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands of small programs for the platform layer's tests: {@code /bin/sh} and {@code sleep}
 * on POSIX, as before; on Windows, which has neither, {@code cmd.exe} where it is enough and
 * else this class's {@link #main} in a JVM (started with {@code -Xrs}, so that it has no
 * handlers of its own, as a plain program).
 *
 * <p>{@code -Dmp4j.test.javaPrograms=true} makes POSIX use the JVM programs too, to try out
 * what Windows runs.
 */
public final class Programs {
    private static final boolean JAVA = ProcFs.WINDOWS || Boolean.getBoolean("mp4j.test.javaPrograms");

    private Programs() {
    }

    /** A program that exits with {@code code} at once. */
    public static List<String> exit(int code) {
        if (ProcFs.WINDOWS) {
            return List.of("cmd.exe", "/d", "/c", "exit", Integer.toString(code));
        }
        return JAVA ? java("exit", Integer.toString(code)) : List.of("/bin/sh", "-c", "exit " + code);
    }

    /** A program that sleeps {@code seconds} and exits with 0. */
    public static List<String> sleep(int seconds) {
        return JAVA ? java("sleep", Integer.toString(seconds * 1000), "0") : List.of("sleep", Integer.toString(seconds));
    }

    /** A program that sleeps {@code millis} and then exits with {@code code}. */
    public static List<String> sleepThenExit(long millis, int code) {
        return JAVA ? java("sleep", Long.toString(millis), Integer.toString(code))
                : List.of("/bin/sh", "-c", "sleep " + millis / 1000.0 + "; exit " + code);
    }

    /** A program that reads a number on its standard input and exits with it. */
    public static List<String> exitWithNumberRead() {
        return JAVA ? java("read") : List.of("/bin/sh", "-c", "read n; exit $n");
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(FreshJvm.java(), "-Xrs", "-Xmx32m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Programs.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code exit CODE}, {@code sleep MILLIS CODE} or {@code read}. */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "exit":
                System.exit(Integer.parseInt(args[1]));
                break;
            case "sleep":
                Thread.sleep(Long.parseLong(args[1]));
                System.exit(Integer.parseInt(args[2]));
                break;
            case "read":
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
                System.exit(Integer.parseInt(line.trim()));
                break;
            default:
                throw new IllegalArgumentException("no program " + args[0]);
        }
    }
}
