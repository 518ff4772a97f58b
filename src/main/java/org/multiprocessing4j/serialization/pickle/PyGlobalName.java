package org.multiprocessing4j.serialization.pickle;

import java.util.Objects;

/**
 * A reference to a Python global ({@code module.name}) as a value: what an allow-listed GLOBAL
 * opcode leaves when the pickle does not call it (CPython's managers send the function
 * {@code multiprocessing.managers.AutoProxy} as an argument this way), and what the writer turns
 * into a GLOBAL opcode. It is inert: it names, it does not resolve anything.
 */
public record PyGlobalName(String module, String name) {

    public PyGlobalName {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        if (module.indexOf('\n') >= 0 || name.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a newline in a global name");
        }
    }

    @Override
    public String toString() {
        return module + "." + name;
    }
}
