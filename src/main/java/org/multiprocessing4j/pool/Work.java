package org.multiprocessing4j.pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** One chunk of a call: a function and the arguments it runs on in a worker, in order. */
final class Work implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SerializableFunction<Object, Object> function;
    private final Values arguments;

    Work(SerializableFunction<Object, Object> function, List<?> arguments) {
        this.function = function;
        this.arguments = new Values(arguments);
    }

    List<Object> run() throws Exception {
        List<Object> results = new ArrayList<>(arguments.list().size());
        for (Object argument : arguments.list()) {
            results.add(function.apply(argument));
        }
        return results;
    }
}
