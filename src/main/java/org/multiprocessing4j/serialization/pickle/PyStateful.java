package org.multiprocessing4j.serialization.pickle;

import java.io.IOException;

/**
 * An object made by an allow-listed {@link PyGlobal} that accepts the pickle {@code BUILD}
 * opcode, Python's {@code obj.__setstate__(state)}. {@code BUILD} on anything else is refused.
 */
public interface PyStateful {

    void setState(Object state) throws IOException;
}
