package org.multiprocessing4j.serialization.pickle;

import org.multiprocessing4j.serialization.ClassRefusedException;

/**
 * A pickle named a Python global (a class or a function, through GLOBAL, STACK_GLOBAL or INST)
 * that is not on the serializer's allow-list ({@link PickleSerializer.Builder#allowGlobal}).
 * Thrown when the name is read, before anything is looked up, constructed or called. The
 * refused "class" ({@link #getClassName()}) is the global's {@code module.name}.
 */
public final class RefusedGlobalException extends ClassRefusedException {
    private static final long serialVersionUID = 1L;

    private final String module;
    private final String name;

    /** The refusal of {@code module.name}. */
    public RefusedGlobalException(String module, String name) {
        super(module + "." + name, "refused to unpickle " + module + "." + name
                + ": not on the allow-list (only plain data and registered globals are accepted;"
                + " allow it with PickleSerializer.builder().allowGlobal(\"" + module + "\", \"" + name + "\", ...))");
        this.module = module;
        this.name = name;
    }

    /** The Python module named by the pickle, e.g. {@code posix}. */
    public String getModule() {
        return module;
    }

    /** The qualified name inside the module, e.g. {@code system}. */
    public String getName() {
        return name;
    }

    /** {@code module.name}. */
    public String getQualifiedName() {
        return module + "." + name;
    }
}
