package org.multiprocessing4j.managers;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What makes a shared object in the manager's process from the arguments of {@code create}:
 * the {@code callable} of Python's {@code BaseManager.register(typeid, callable)}, with Python's
 * positional and keyword arguments. It travels to the manager's process, so it is serializable
 * (a lambda or a method reference assigned to this type is).
 *
 * <pre>{@code
 * manager.register("Maths", (args, kwds) -> new Maths((Integer) args.get(0)));
 * }</pre>
 */
@FunctionalInterface
public interface ManagedCallable extends Serializable {

    /**
     * Makes the object.
     *
     * @param args the positional arguments given to {@code create}, unmodifiable
     * @param kwds the keyword arguments, unmodifiable
     * @throws Exception anything: the client's {@code create} fails with it, as a {@link RemoteError}
     */
    Object call(List<Object> args, Map<String, Object> kwds) throws Exception;
}
