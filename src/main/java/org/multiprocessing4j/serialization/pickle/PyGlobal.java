package org.multiprocessing4j.serialization.pickle;

import java.io.IOException;

/**
 * What an allow-listed Python global turns into on the unpickling side. A pickle can only use a
 * global through these two calls; by default both are refused, so an implementation that
 * overrides neither lets the name be data ({@link PyGlobalName}) and nothing more.
 */
public interface PyGlobal {

    /**
     * {@code REDUCE}, {@code OBJ}, {@code INST}: the pickle calls {@code global(*args)}.
     *
     * @throws IOException           if the arguments are not acceptable
     * @throws UnsupportedOperationException (the default) if the global may not be called; the
     *                                       unpickler reports it as a refusal naming the global
     */
    default Object call(PyTuple args) throws IOException {
        throw new UnsupportedOperationException();
    }

    /**
     * {@code NEWOBJ}, and {@code NEWOBJ_EX} without keywords: {@code global.__new__(global, *args)},
     * usually followed by {@code BUILD} on a {@link PyStateful} result.
     *
     * @throws UnsupportedOperationException (the default) if the global may not be instantiated
     */
    default Object newObject(PyTuple args) throws IOException {
        throw new UnsupportedOperationException();
    }
}
