package org.multiprocessing4j.internal.engine;

import org.multiprocessing4j.function.SerializableFunction;
import java.util.Arrays;
import java.util.List;

/** One chunk of a call: a function and the arguments it runs on, in order. */
public final class Work {
    private final SerializableFunction<Object, Object> function;
    private final List<?> arguments;

    public Work(SerializableFunction<Object, Object> function, List<?> arguments) {
        this.function = function;
        this.arguments = arguments;
    }

    public SerializableFunction<Object, Object> function() {
        return function;
    }

    public List<?> arguments() {
        return arguments;
    }

    /** The results in order, as a fixed-size list. */
    public List<Object> run() throws Exception {
        // Over an array, in blocks: a new worker JVM interprets the loop of one long call, and
        // each List.get would cost it as much as a small task.
        Object[] results = arguments.toArray();
        Blocks.run(results.length, (start, end) -> apply(results, start, end));
        return Arrays.asList(results);
    }

    private boolean apply(Object[] items, int start, int end) throws Exception {
        for (int i = start; i < end; i++) {
            items[i] = function.apply(items[i]);
        }
        return true;
    }
}
