package org.multiprocessing4j.pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** One chunk of a call: a function and the arguments it runs on in a worker, in order. */
final class Work implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SerializableFunction<Object, Object> function;
    private final ArrayList<Object> arguments;

    Work(SerializableFunction<Object, Object> function, List<?> arguments) {
        this.function = function;
        this.arguments = new ArrayList<>(arguments);
    }

    int size() {
        return arguments.size();
    }

    ArrayList<Object> run() throws Exception {
        ArrayList<Object> results = new ArrayList<>(arguments.size());
        for (Object argument : arguments) {
            results.add(function.apply(argument));
        }
        return results;
    }
}
