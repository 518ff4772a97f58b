package org.multiprocessing4j.serialization;

import java.io.InvalidClassException;

/**
 * A serializer refused to rebuild an object because its class is not allowed by the
 * {@link ClassPolicy}: nothing of the class ran. The message names the class and how to allow
 * it. {@link #classname} (inherited) holds the class's name.
 */
public class ClassRefusedException extends InvalidClassException {
    private static final long serialVersionUID = 1L;

    /** An exception for {@code className}, with the whole message given. */
    public ClassRefusedException(String className, String message) {
        super(className, message);
    }

    /** The refusal of {@code className} by a {@link ClassPolicy}, telling how to allow it. */
    static ClassRefusedException of(String className) {
        return new ClassRefusedException(className, "refused to deserialize an object of " + className
                + ": the class is not allowed by the serializer's ClassPolicy; if the peer is trusted with it, allow it: "
                + "Serializer.standard().allowing(" + simpleName(className) + ".class) (on the Context or the connection), "
                + "or -D" + ClassPolicy.PROPERTY + "=" + className);
    }

    private static String simpleName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple.replace('$', '.');
    }

    /** The name of the refused class. */
    public String getClassName() {
        return classname;
    }

    /** The message without the class name {@link InvalidClassException} puts first. */
    @Override
    public String getMessage() {
        return super.getMessage().substring(classname == null ? 0 : classname.length() + 2);
    }
}
