package org.multiprocessing4j.pool;

import java.util.Arrays;
import java.util.List;

/** One chunk of a call: a function and the arguments it runs on, in order. */
final class Work {
    private final SerializableFunction<Object, Object> function;
    private final List<?> arguments;

    Work(SerializableFunction<Object, Object> function, List<?> arguments) {
        this.function = function;
        this.arguments = arguments;
    }

    SerializableFunction<Object, Object> function() {
        return function;
    }

    List<?> arguments() {
        return arguments;
    }

    /** The results in order, as a fixed-size list. */
    List<Object> run() throws Exception {
        // Over arrays: a worker runs this loop interpreted until the JIT compiles it, and each
        // call of List.get would cost it as much as a small task.
        Object[] results = arguments.toArray();
        for (int i = 0; i < results.length; i++) {
            results[i] = function.apply(results[i]);
        }
        return Arrays.asList(results);
    }
}
