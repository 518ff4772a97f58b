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
        // Indexed and into an array: a worker runs this loop interpreted until the JIT compiles it.
        Object[] results = new Object[arguments.size()];
        for (int i = 0; i < results.length; i++) {
            results[i] = function.apply(arguments.get(i));
        }
        return Arrays.asList(results);
    }
}
