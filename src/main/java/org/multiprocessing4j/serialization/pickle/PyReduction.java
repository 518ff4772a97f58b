package org.multiprocessing4j.serialization.pickle;

import java.util.Objects;

/**
 * How a registered Java object is written as a Python object: Python's {@code __reduce__}
 * result. {@code newObject} chooses {@code NEWOBJ} ({@code cls.__new__(cls, *args)}, what
 * CPython itself writes for instances of ordinary classes) over {@code REDUCE}
 * ({@code callable(*args)}); a non-null {@code state} is then applied with {@code BUILD}
 * ({@code __setstate__(state)} or {@code __dict__.update(state)} on the CPython side).
 */
public record PyReduction(String module, String name, PyTuple args, boolean newObject, Object state) {

    public PyReduction {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(args, "args");
        if (module.indexOf('\n') >= 0 || name.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a newline in a global name");
        }
    }

    /** {@code module.name(*args)}. */
    public static PyReduction call(String module, String name, PyTuple args) {
        return new PyReduction(module, name, args, false, null);
    }

    /** {@code module.name.__new__(module.name, *args)}, then {@code __setstate__(state)} if state is not null. */
    public static PyReduction newObject(String module, String name, PyTuple args, Object state) {
        return new PyReduction(module, name, args, true, state);
    }
}
