package org.multiprocessing4j.internal.runtime;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes whose objects an entry for a child holds, noted while the entry is serialized, so
 * that the spare JVMs started after it prepare their serialized forms before they are handed a
 * child like it (the JDK builds a class's serialized form, and generates the constructor it
 * instantiates it with, at the first object of that class a JVM reads). Only JDK serialization
 * notes them: a child's entry is written with it. Only the classes of the library (its own
 * packages, in its own jar or module: an application packaged with it in one jar keeps its
 * classes out by their package) and the JDK's {@code java.*} are kept: preparing a class may
 * initialise it, and a user's class initialises in its child, when the child reads it, never
 * in a spare that may not become that child.
 */
public final class EntryClasses {
    /** At most this many classes of one entry are kept: they go on a spare's command line. */
    public static final int MAX = 32;
    private static final String JDK = "java.";
    private static final ThreadLocal<Set<String>> NOTING = new ThreadLocal<>();

    private EntryClasses() {
    }

    /** Starts noting, on the calling thread, the classes of the entry it is about to serialize. */
    public static void begin() {
        NOTING.set(new LinkedHashSet<>());
    }

    /** Whether the calling thread is writing an entry whose classes are noted ({@link #begin}). */
    public static boolean isNoting() {
        return NOTING.get() != null;
    }

    /**
     * Records that the stream being written holds an object of {@code type}, if the calling
     * thread is writing an entry ({@link #begin}) and {@code type} is kept.
     */
    public static void note(Class<?> type) {
        Set<String> noted = NOTING.get();
        if (noted != null && noted.size() < MAX && isKept(type)) {
            noted.add(type.getName());
        }
    }

    /** Stops noting on the calling thread; the classes noted since {@link #begin}, in stream order. */
    public static List<String> end() {
        Set<String> noted = NOTING.get();
        NOTING.remove();
        return noted == null ? List.of() : List.copyOf(noted);
    }

    /** Whether {@code type} is one a spare may prepare: the library's or the JDK's. */
    public static boolean isKept(Class<?> type) {
        if (type.isArray() || type.isPrimitive()) {
            return false;
        }
        return type.getClassLoader() == null ? type.getName().startsWith(JDK) : LibraryClasses.isLibrary(type);
    }
}
