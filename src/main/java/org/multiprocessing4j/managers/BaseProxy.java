package org.multiprocessing4j.managers;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The base of a proxy class of yours: Python's {@code BaseProxy}, subclassed as CPython's
 * documentation shows. It holds the {@link AutoProxy} that talks to the manager; your methods
 * call {@link #callMethod}. Register it with {@code ProxyType.of(MathsProxy::new)}:
 *
 * <pre>{@code
 * public class MathsProxy extends BaseProxy {
 *     public MathsProxy(AutoProxy core) { super(core); }
 *     public int add(int a, int b) { return (Integer) callMethod("add", a, b); }
 * }
 * manager.register("Maths", (args, kwds) -> new Maths(), ProxyType.of(MathsProxy::new, "add"));
 * MathsProxy maths = manager.create("Maths");
 * }</pre>
 *
 * <p>It is serializable (it travels as the reference it holds), so a subclass must not hold
 * state of its own that matters: a proxy is rebuilt, not copied.
 */
public abstract class BaseProxy implements Proxy, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient AutoProxy core;

    /** A proxy around {@code core}, which the manager machinery gives to the {@link ProxyType}'s factory. */
    protected BaseProxy(AutoProxy core) {
        this.core = java.util.Objects.requireNonNull(core, "core");
    }

    /** The proxy that talks to the manager. */
    protected final AutoProxy core() {
        return core;
    }

    /** A call whose exception is thrown as it is; proxies rethrow the checked ones they declare. */
    final Object invoke(String method, Object... args) throws Exception {
        return core.invoke(method, args);
    }

    /** A call that declares no checked exception: one that comes is wrapped ({@link java.lang.reflect.UndeclaredThrowableException}). */
    final Object call(String method, Object... args) {
        return Unchecked.call(core, method, args);
    }

    @Override
    public final Token getToken() {
        return core.getToken();
    }

    @Override
    public final Object callMethod(String method, Object... args) {
        return core.callMethod(method, args);
    }

    @Override
    public final Object callMethod(String method, List<?> args, Map<String, ?> kwds) {
        return core.callMethod(method, args, kwds);
    }

    @Override
    public final Object getValue() {
        return core.getValue();
    }

    @Override
    public final void close() {
        core.close();
    }

    /** Travels as the reference it holds, rebuilt with its type at the other end. */
    protected final Object writeReplace() throws ObjectStreamException {
        return core.writeReplace();
    }

    /** Python's {@code repr(proxy)}: {@code <MathsProxy object, typeid 'Maths' at 0x…>}, without a call to the manager. */
    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " object, typeid '" + getToken().getTypeid() + "' at 0x"
                + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
