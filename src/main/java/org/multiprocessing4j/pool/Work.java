package org.multiprocessing4j.pool;

import java.util.ArrayList;
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

    List<Object> run() throws Exception {
        List<Object> results = new ArrayList<>(arguments.size());
        for (Object argument : arguments) {
            results.add(function.apply(argument));
        }
        return results;
    }
}
