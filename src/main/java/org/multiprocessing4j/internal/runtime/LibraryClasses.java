package org.multiprocessing4j.internal.runtime;

import java.net.URL;
import java.security.CodeSource;

/**
 * Which classes are this library's own: those of its jar (or module), not any that merely share
 * its package names; and whether two classes come from the same jar or module. The class policy
 * decides by it what it allows, the standard serializer what it leaves to JDK serialization, and
 * the spares what they may prepare.
 */
public final class LibraryClasses {
    /** The library's root package, and a dot: {@code org.multiprocessing4j.}, or where it was relocated. */
    private static final String PACKAGES = LibraryClasses.class.getPackageName()
            .substring(0, LibraryClasses.class.getPackageName().length() - ".internal.runtime".length() + 1);

    private LibraryClasses() {
    }

    /** Whether {@code type} is in the library's packages and comes from its jar or module. */
    public static boolean isLibrary(Class<?> type) {
        return type.getName().startsWith(PACKAGES) && isOwn(type);
    }

    /** Whether {@code type} comes from the library's jar or module, whatever its package. */
    public static boolean isOwn(Class<?> type) {
        return sameOrigin(type, LibraryClasses.class);
    }

    /**
     * Whether {@code type} comes from where {@code reference} does: its module if that is named,
     * else its jar or directory (the code source's location).
     */
    public static boolean sameOrigin(Class<?> type, Class<?> reference) {
        Module module = reference.getModule();
        if (module.isNamed()) {
            return type.getModule() == module;
        }
        try {
            CodeSource a = type.getProtectionDomain().getCodeSource();
            CodeSource b = reference.getProtectionDomain().getCodeSource();
            if (a == null || b == null) {
                return false;
            }
            URL la = a.getLocation();
            URL lb = b.getLocation();
            // Compared as text: URL.equals resolves host names.
            return la != null && lb != null && la.toString().equals(lb.toString());
        } catch (SecurityException e) {
            return false;
        }
    }
}
