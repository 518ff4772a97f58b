package org.multiprocessing4j.internal.codec;

import org.multiprocessing4j.function.Target;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A {@link Target} lambda as {@link CompactLambda#readTarget} reads it: a call of the lambda's
 * static method with its captured values. It throws what the lambda would throw, and it travels
 * on as the lambda it stands for (its serialized form is the lambda's).
 */
final class DirectTarget implements Target {
    private static final long serialVersionUID = 1L;

    private final transient Method method;
    private final transient Object[] captured;
    private final transient SerializedLambda form;

    DirectTarget(Method method, Object[] captured, SerializedLambda form) {
        this.method = method;
        this.captured = captured;
        this.form = form;
    }

    @Override
    public void run() throws Exception {
        try {
            method.invoke(null, captured);
        } catch (InvocationTargetException e) {
            throw DirectTarget.<Exception>rethrow(e.getCause());
        }
    }

    /** Throws {@code thrown} as it is, checked or not, as the lambda's own call would have. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable thrown) throws T {
        throw (T) thrown;
    }

    /** The lambda's own serialized form, so that this target travels as the lambda did. */
    private Object writeReplace() {
        return form;
    }

    @Override
    public String toString() {
        return form.getImplClass().replace('/', '.') + "." + form.getImplMethodName();
    }
}
