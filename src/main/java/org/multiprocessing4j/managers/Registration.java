package org.multiprocessing4j.managers;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One registered type: Python's registry entry {@code (callable, exposed, method_to_typeid,
 * proxytype)}, and whether the manager has a method that creates it.
 */
final class Registration implements Serializable {
    private static final long serialVersionUID = 1L;

    final String typeid;
    /** Null for types only methods return (Python's {@code callable=None}). */
    final ManagedCallable callable;
    final ProxyType<?> proxyType;
    /** Null: the proxy type's, else the object's public methods. */
    final List<String> exposed;
    /** Null: the proxy type's, if any. */
    final Map<String, String> methodToTypeid;
    final boolean createMethod;

    Registration(String typeid, ManagedCallable callable, ProxyType<?> proxyType, List<String> exposed,
                 Map<String, String> methodToTypeid, boolean createMethod) {
        this.typeid = typeid;
        this.callable = callable;
        this.proxyType = proxyType != null ? proxyType : ProxyType.auto();
        List<String> declared = exposed != null && !exposed.isEmpty() ? exposed : this.proxyType.exposed();
        this.exposed = declared == null ? null : List.copyOf(declared);
        Map<String, String> types = methodToTypeid != null && !methodToTypeid.isEmpty() ? methodToTypeid
                : this.proxyType.methodToTypeid();
        this.methodToTypeid = types == null || types.isEmpty() ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(types));
        this.createMethod = createMethod;
    }
}
