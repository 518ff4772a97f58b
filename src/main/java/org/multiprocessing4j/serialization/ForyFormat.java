package org.multiprocessing4j.serialization;

import org.apache.fory.Fory;
import org.apache.fory.context.ReadContext;
import org.apache.fory.exception.ForyException;
import org.apache.fory.exception.InsecureException;
import org.apache.fory.logging.LoggerFactory;
import org.apache.fory.resolver.SharedRegistry;
import org.apache.fory.resolver.TypeChecker;
import org.apache.fory.resolver.TypeResolver;
import org.apache.fory.serializer.collection.CollectionSerializer;
import org.apache.fory.serializer.collection.MapSerializer;

import java.io.IOException;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache Fory, configured as {@code spikes/serializers/REPORT.md} recommends: Java-native mode
 * (not cross-language), schema-consistent (parent and child share a class path), reference
 * tracking (shared references and cycles, like pickle), no placeholder for an unknown class,
 * depth bounded by {@link Limits#MAX_DEPTH}, and every class that is not one of Fory's own
 * checked by the {@link ClassPolicy} before it is loaded: a refused one is refused on writing
 * too, so that a class written once is never taken as checked for reading. Code generation is
 * off in child JVMs (it costs a fresh JVM 0.6-0.9 s per new class; see
 * {@link #CODEGEN_PROPERTY}). Hash-based collections count their nesting, as in
 * {@link JdkSerializer}.
 *
 * <p>This class is the only one that touches Fory, and nothing touches it until an object needs
 * Fory: a JVM that sends only plain data, lambdas or exceptions never loads Fory. Fory's own
 * logging goes to SLF4J (it would print to standard output). Instances are per thread (Fory is
 * not thread-safe) and per policy (Fory caches what its checker accepted).
 */
final class ForyFormat {
    /** {@code false} turns Fory's code generation off; a child JVM's boot sets it (see ChildMain). */
    static final String CODEGEN_PROPERTY = "multiprocessing4j.fory.codegen";
    private static final Pattern INSUFFICIENT_DEPTH = Pattern.compile("max depth (\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLASS_NAME = Pattern.compile("Class ([\\w.$\\[\\];]+)");

    static {
        LoggerFactory.useSlf4jLogging(true);
    }

    private static final ConcurrentHashMap<ClassPolicy, ForyFormat> BY_POLICY = new ConcurrentHashMap<>();
    /** The class the checker refused last on this thread: Fory's exception names it in words only. */
    private static final ThreadLocal<String> LAST_REFUSED = new ThreadLocal<>();

    private final ClassPolicy policy;
    private final SharedRegistry registry = new SharedRegistry();
    private final ThreadLocal<Fory> perThread = ThreadLocal.withInitial(this::build);

    private ForyFormat(ClassPolicy policy) {
        this.policy = policy;
    }

    static ForyFormat of(ClassPolicy policy) {
        return BY_POLICY.computeIfAbsent(policy, ForyFormat::new);
    }

    private Fory build() {
        ClassLoader loader = ForyFormat.class.getClassLoader();
        Fory fory = Fory.builder()
                .withXlang(false)
                .withCompatible(false)
                .withRefTracking(true)
                .requireClassRegistration(false)
                .withTypeChecker(new PolicyChecker(policy, loader))
                .withDeserializeUnknownClass(false)
                .withMaxDepth(Limits.MAX_DEPTH)
                .withCodegen(Boolean.parseBoolean(System.getProperty(CODEGEN_PROPERTY, "true")))
                .withSharedRegistry(registry)
                .withClassLoader(loader)
                .suppressClassRegistrationWarnings(true)
                .build();
        fory.registerSerializer(HashSet.class, r -> new CountedSet<>(r, HashSet.class));
        fory.registerSerializer(LinkedHashSet.class, r -> new CountedSet<>(r, LinkedHashSet.class));
        fory.registerSerializer(HashMap.class, r -> new CountedMap<>(r, HashMap.class));
        fory.registerSerializer(LinkedHashMap.class, r -> new CountedMap<>(r, LinkedHashMap.class));
        return fory;
    }

    /**
     * {@code object} in Fory's format, or null if Fory refuses it (a class the policy does not
     * allow, or one Fory cannot take): JDK serialization is then the fallback.
     */
    byte[] dumps(Object object) {
        try {
            return perThread.get().serialize(object);
        } catch (ForyException | UnsupportedOperationException | IllegalArgumentException | IllegalStateException e) {
            return null;
        } catch (StackOverflowError e) {
            throw new SerializationException("cannot serialize an object of " + object.getClass().getName()
                    + ": it is nested too deeply for this thread's stack", e);
        }
    }

    /** The object in Fory's format at {@code offset}, checked by the policy and the limits. */
    Object loads(byte[] bytes, int offset, int length) throws IOException {
        Fory fory = perThread.get();
        HashNesting nesting = HashNesting.CURRENT.get();
        nesting.depth = 0;
        LAST_REFUSED.remove();
        try {
            return fory.deserialize(java.nio.ByteBuffer.wrap(bytes, offset, length));
        } catch (StackOverflowError e) {
            throw new SerializationLimitException("depth", Limits.MAX_DEPTH, "refused to deserialize: the object graph"
                    + " is nested more deeply than this thread's stack holds");
        } catch (RuntimeException e) {
            throw translate(e, length);
        } finally {
            nesting.depth = 0;
        }
    }

    private IOException translate(RuntimeException e, int length) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Refusal) {
                return ((Refusal) t).why();
            }
            if (t instanceof InsecureException) {
                String message = String.valueOf(t.getMessage());
                Matcher depth = INSUFFICIENT_DEPTH.matcher(message);
                if (message.contains("depth") && depth.find()) {
                    return new SerializationLimitException("depth", Limits.MAX_DEPTH,
                            "refused to deserialize: objects nested more than " + Limits.MAX_DEPTH + " deep");
                }
                String className = LAST_REFUSED.get();
                if (className == null) {
                    Matcher name = CLASS_NAME.matcher(message);
                    className = name.find() ? name.group(1) : "an unknown class";
                }
                ClassRefusedException refused = ClassRefusedException.of(ClassPolicy.elementName(className));
                refused.initCause(t);
                return refused;
            }
        }
        StreamCorruptedException corrupt = new StreamCorruptedException("corrupt serialized object (" + length
                + " bytes of Fory's format): " + e);
        corrupt.initCause(e);
        return corrupt;
    }

    /**
     * The policy, as Fory asks it: by name, before the class is loaded. Also on writing, where
     * the class must be {@link Serializable} as well, as for JDK serialization.
     */
    private static final class PolicyChecker implements TypeChecker {
        private final ClassPolicy policy;
        private final ClassLoader loader;
        private final ConcurrentHashMap<String, Boolean> serializable = new ConcurrentHashMap<>();

        PolicyChecker(ClassPolicy policy, ClassLoader loader) {
            this.policy = policy;
            this.loader = loader;
        }

        @Override
        public boolean checkType(TypeResolver resolver, String className) {
            if (!policy.permits(className, loader)) {
                LAST_REFUSED.set(className);
                return false;
            }
            return className.contains("$$Lambda") || serializable.computeIfAbsent(className, this::isSerializable);
        }

        private boolean isSerializable(String className) {
            try {
                Class<?> type = Class.forName(className, false, loader);
                while (type.isArray()) {
                    type = type.getComponentType();
                }
                return type.isPrimitive() || type.isInterface() || Serializable.class.isAssignableFrom(type)
                        || type == Object.class;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }

    /** The nesting of hash-based collections being read on this thread. */
    private static final class HashNesting {
        static final ThreadLocal<HashNesting> CURRENT = ThreadLocal.withInitial(HashNesting::new);
        int depth;

        void enter() {
            if (depth == Limits.MAX_HASH_NESTING) {
                throw new Refusal(new SerializationLimitException("hash nesting", Limits.MAX_HASH_NESTING,
                        "refused to deserialize: hash-based collections (HashMap, HashSet...) nested more than "
                                + Limits.MAX_HASH_NESTING + " deep, whose hash codes can take exponential time"));
            }
            depth++;
        }

        void exit() {
            depth--;
        }
    }

    /** A refusal on its way out of Fory, which wraps what its serializers throw. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final SerializationLimitException why;

        Refusal(SerializationLimitException why) {
            super(why.getMessage(), null, false, false);
            this.why = why;
        }

        SerializationLimitException why() {
            return why;
        }
    }

    /** Fory's serializer of a hash set, counting its nesting while it reads. */
    @SuppressWarnings("rawtypes") // Fory's own bound
    private static final class CountedSet<T extends Collection> extends CollectionSerializer<T> {
        CountedSet(TypeResolver resolver, Class<T> type) {
            super(resolver, type);
        }

        @Override
        public T read(ReadContext context) {
            HashNesting nesting = HashNesting.CURRENT.get();
            nesting.enter();
            try {
                return super.read(context);
            } finally {
                nesting.exit();
            }
        }
    }

    /** Fory's serializer of a hash map, counting its nesting while it reads. */
    @SuppressWarnings("rawtypes") // Fory's own bound
    private static final class CountedMap<T extends Map> extends MapSerializer<T> {
        CountedMap(TypeResolver resolver, Class<T> type) {
            super(resolver, type);
        }

        @Override
        public T read(ReadContext context) {
            HashNesting nesting = HashNesting.CURRENT.get();
            nesting.enter();
            try {
                return super.read(context);
            } finally {
                nesting.exit();
            }
        }
    }
}
