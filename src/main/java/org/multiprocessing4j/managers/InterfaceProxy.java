package org.multiprocessing4j.managers;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * A dynamic proxy for {@link ProxyType#forInterface}: a call of the interface's method is a call
 * of the method of that name in the manager; a checked exception the interface method declares
 * comes through as it is. {@link Proxy}'s own methods, {@code toString}, {@code equals} and
 * {@code hashCode} are answered here.
 */
final class InterfaceProxy implements InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient AutoProxy core;

    private InterfaceProxy(AutoProxy core) {
        this.core = core;
    }

    @SuppressWarnings("unchecked")
    static <I> I create(Class<I> iface, AutoProxy core) {
        return (I) java.lang.reflect.Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface, Proxy.class},
                new InterfaceProxy(core));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        List<Object> arguments = args == null ? List.of() : Arrays.asList(args);
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "<" + method.getDeclaringClass().getSimpleName() + " proxy, typeid '"
                            + core.getToken().getTypeid() + "'>";
            }
        }
        if (method.getDeclaringClass() == Proxy.class || method.getDeclaringClass() == AutoCloseable.class) {
            return method.invoke(core, args);
        }
        return core.invoke(method.getName(), arguments, java.util.Map.of());
    }

    /** The dynamic proxy travels as the reference it holds. */
    private Object writeReplace() throws java.io.ObjectStreamException {
        return ((ProxyReference) core.writeReplace()).asHandler();
    }
}
