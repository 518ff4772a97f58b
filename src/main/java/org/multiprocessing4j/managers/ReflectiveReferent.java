package org.multiprocessing4j.managers;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An object of a registered class, called by reflection: the public method of that name whose
 * parameters take the arguments (boxed numbers unboxed, {@code Integer} widened to
 * {@code long} or {@code double}). Its public methods, less {@code Object}'s, are Python's
 * {@code public_methods(obj)}. Keyword arguments have no place in a Java call and are refused.
 */
final class ReflectiveReferent implements Referent {
    private final Object target;

    ReflectiveReferent(Object target) {
        this.target = target;
    }

    @Override
    public Object call(String method, List<Object> args, Map<String, Object> kwds) throws Exception {
        if (!kwds.isEmpty()) {
            throw new IllegalArgumentException(method + "() of a Java object takes no keyword arguments: " + kwds.keySet());
        }
        // What a registered object does with the proxies it is given is out of sight: it keeps them.
        Nested.keep(args);
        Method chosen = find(method, args);
        Object[] values = new Object[args.size()];
        Class<?>[] types = chosen.getParameterTypes();
        for (int i = 0; i < values.length; i++) {
            values[i] = convert(args.get(i), types[i]);
        }
        try {
            return chosen.invoke(target, values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }

    private Method find(String name, List<Object> args) {
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name) && !Modifier.isStatic(method.getModifiers())
                    && method.getParameterCount() == args.size() && accepts(method.getParameterTypes(), args)) {
                method.trySetAccessible();
                return method;
            }
        }
        throw new IllegalArgumentException("TypeError: " + target.getClass().getName() + " has no public method " + name
                + " taking " + args.size() + " argument(s) of these types: " + describe(args));
    }

    private static boolean accepts(Class<?>[] types, List<Object> args) {
        for (int i = 0; i < types.length; i++) {
            if (!accepts(types[i], args.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean accepts(Class<?> type, Object value) {
        if (value == null) {
            return !type.isPrimitive();
        }
        Class<?> boxed = box(type);
        return boxed.isInstance(value) || convert(value, type) != value;
    }

    /** Widens an integer argument to a {@code long} or {@code double} parameter; other values as they are. */
    private static Object convert(Object value, Class<?> type) {
        Class<?> boxed = box(type);
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            if (boxed == Long.class) {
                return ((Number) value).longValue();
            }
            if (boxed == Double.class) {
                return ((Number) value).doubleValue();
            }
        }
        return value;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return type == int.class ? Integer.class : type == long.class ? Long.class : type == double.class ? Double.class
                : type == boolean.class ? Boolean.class : type == float.class ? Float.class : type == short.class
                ? Short.class : type == byte.class ? Byte.class : type == char.class ? Character.class : Void.class;
    }

    private static String describe(List<Object> args) {
        List<String> types = new ArrayList<>();
        for (Object arg : args) {
            types.add(arg == null ? "null" : arg.getClass().getSimpleName());
        }
        return types.toString();
    }

    @Override
    public boolean mayBlock(String method) {
        return true;
    }

    @Override
    public List<String> publicMethods() {
        Set<String> names = new LinkedHashSet<>();
        for (Method method : target.getClass().getMethods()) {
            if (method.getDeclaringClass() != Object.class && !Modifier.isStatic(method.getModifiers())
                    && !method.getName().startsWith("_")) {
                names.add(method.getName());
            }
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        return sorted;
    }

    @Override
    public Object value() {
        return target;
    }

    @Override
    public String repr() {
        return String.valueOf(target);
    }

    @Override
    public Object identity() {
        return target;
    }

    @Override
    public void dispose() {
        if (target instanceof AutoCloseable) {
            try {
                ((AutoCloseable) target).close();
            } catch (Exception e) {
                org.multiprocessing4j.internal.runtime.Log.of("managers").warn("closing a freed shared object failed", e);
            }
        }
    }
}
