package org.multiprocessing4j.internal.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this JVM has used of the library's costlier parts, so that the spare JVMs started from now
 * on warm those up before they are handed a child (a child then does not pay their first use).
 */
public final class Features {
    /** Apache Fory, the format of {@code Serializer.standard()} for records, enums and ordinary classes. */
    public static final String FORY = "fory";
    /**
     * A pool of processes, whose workers rebuild the functions they are sent as lambdas: a JVM's
     * first rebuilt lambda links the JDK's lambda machinery and spins a class with its bytecode
     * library, milliseconds a worker taken from a spare should not spend at its start.
     */
    public static final String POOL_FUNCTIONS = "functions";

    private static final Set<String> USED = ConcurrentHashMap.newKeySet();

    private Features() {
    }

    /** Records that {@code feature} was used here. */
    public static void markUsed(String feature) {
        USED.add(feature);
    }

    /** The features used here, in order of their names. */
    public static List<String> used() {
        List<String> used = new ArrayList<>(USED);
        Collections.sort(used);
        return used;
    }

    /** Whether {@code feature} was used here. */
    public static boolean isUsed(String feature) {
        return USED.contains(feature);
    }
}
