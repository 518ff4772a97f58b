package org.multiprocessing4j.serialization;

import org.multiprocessing4j.internal.runtime.LibraryClasses;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which classes a {@link Serializer} may rebuild from bytes that come from another process: an
 * allow-list. A class outside it is refused with a {@link ClassRefusedException} that names it,
 * before any of its code runs (its static initializer, constructor, {@code readObject} or
 * {@code readResolve}). The policy applies to reading only; writing is never refused by it.
 *
 * <p>{@link #standard()} allows, without being told:
 * <ul>
 *   <li>{@code String}, the boxed primitives, {@code BigInteger}, {@code BigDecimal};</li>
 *   <li>the JDK's value and collection types: {@code ArrayList}, {@code LinkedList},
 *       {@code ArrayDeque}, {@code HashMap}, {@code LinkedHashMap}, {@code TreeMap},
 *       {@code HashSet}, {@code LinkedHashSet}, {@code TreeSet}, {@code EnumMap},
 *       {@code EnumSet}, {@code BitSet}, {@code UUID}, {@code Date}, the immutable collections of
 *       {@code List.of}, {@code Set.of}, {@code Map.of}, {@code Arrays.asList} and
 *       {@code Collections}' wrappers, empty and singleton collections, the concurrent maps and
 *       lists, the atomics; every class of {@code java.time};</li>
 *   <li>arrays of primitives, of allowed types, and of interfaces and abstract classes (their
 *       elements are checked one by one);</li>
 *   <li>exceptions of the JDK's base module (with their stack traces);</li>
 *   <li>the library's own types (connections, queues, locks, shared memory... as they travel);</li>
 *   <li>serializable lambdas: the class that wrote a lambda rebuilds it through its
 *       {@code $deserializeLambda$}, which only rebuilds lambdas that class contains; what a
 *       lambda captures must be allowed like anything else. (A lambda's host class that is itself
 *       {@code Serializable} must be allowed by name, since its instances could then be in the
 *       stream too.)</li>
 * </ul>
 * plus what the system property {@value #PROPERTY} lists when the policy is first made (children
 * inherit {@code -D} options): names and patterns separated by commas, as {@link #allowing(String...)}
 * reads them.
 *
 * <pre>{@code
 * Serializer serializer = Serializer.standard().allowing(Point.class);        // one class
 * ClassPolicy policy = ClassPolicy.standard().allowing("com.acme.model.*");     // a package
 * Context ctx = Multiprocessing.context().withSerializer(Serializer.standard(policy));
 * // or, for the whole program and its children:  java -Dmultiprocessing4j.serialization.allow=com.acme.model.** ...
 * }</pre>
 *
 * <p>Allowing a class trusts its code: its {@code readObject}, {@code readResolve}, and its
 * {@code hashCode}/{@code equals} when it is a key of a map. Allowing an enum allows its
 * constants' bodies; allowing a class does not allow the types of its fields.
 *
 * <p>To decide the rules that depend on what a class is (the library's own, an exception of the
 * JDK, an enum constant's body, a lambda's host), a class named in the bytes may be loaded
 * without being initialized, as JDK serialization loads every class it reads; nothing of it runs.
 * A policy is immutable; {@code allowing} returns a new one.
 */
public final class ClassPolicy implements Serializable {
    /** The system property whose names and patterns {@link #standard()} allows too. */
    public static final String PROPERTY = "multiprocessing4j.serialization.allow";
    private static final long serialVersionUID = 1L;
    private static final String LAMBDA_METHOD = "$deserializeLambda$";

    /** Exact names allowed by default. */
    private static final Set<String> DEFAULT_NAMES = Set.of(
            "java.lang.Object", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character",
            "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
            "java.lang.Number", "java.lang.String", "java.lang.Enum", "java.lang.StackTraceElement",
            "java.lang.invoke.SerializedLambda",
            "java.math.BigInteger", "java.math.BigDecimal",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.Vector",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.Hashtable",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.EnumMap", "java.util.EnumSet$SerializationProxy", "java.util.RegularEnumSet",
            "java.util.JumboEnumSet", "java.util.BitSet", "java.util.UUID", "java.util.Date",
            "java.util.AbstractMap$SimpleEntry", "java.util.AbstractMap$SimpleImmutableEntry",
            "java.util.CollSer", "java.util.Arrays$ArrayList",
            // What CollSer.readResolve returns: List.of, Set.of, Map.of and their kin.
            "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
            "java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
            "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN",
            "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
            "java.util.Collections$SingletonMap", "java.util.Collections$ReverseComparator",
            "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableSet",
            "java.util.Collections$UnmodifiableSortedSet", "java.util.Collections$UnmodifiableNavigableSet",
            "java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSortedMap",
            "java.util.Collections$UnmodifiableNavigableMap",
            "java.util.Collections$SynchronizedCollection", "java.util.Collections$SynchronizedList",
            "java.util.Collections$SynchronizedRandomAccessList", "java.util.Collections$SynchronizedSet",
            "java.util.Collections$SynchronizedMap",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentHashMap$Segment",
            "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
            "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.ConcurrentLinkedQueue",
            "java.util.concurrent.atomic.AtomicBoolean", "java.util.concurrent.atomic.AtomicInteger",
            "java.util.concurrent.atomic.AtomicLong");
    /** Package prefixes allowed by default, with their subpackages. */
    private static final List<String> DEFAULT_TREES = List.of("java.time.");

    private static volatile ClassPolicy standard;

    /** What the user allowed: exact names, packages ("a.b." for "a.b.*"), trees ("a.b." for "a.b.**"). */
    private final transient Set<String> names;
    private final transient Set<String> packages;
    private final transient Set<String> trees;
    private final List<String> patterns;
    private final boolean defaults;
    /** Classes whose jar's (or module's) exceptions are allowed, by name ({@link #allowingExceptionsFrom}). */
    private final List<String> exceptionSources;
    private transient ConcurrentHashMap<String, Boolean> byName;
    private transient ClassValue<Boolean> byClass;

    private ClassPolicy(boolean defaults, List<String> patterns) {
        this(defaults, patterns, List.of());
    }

    private ClassPolicy(boolean defaults, List<String> patterns, List<String> exceptionSources) {
        this.defaults = defaults;
        this.exceptionSources = List.copyOf(new LinkedHashSet<>(exceptionSources));
        this.patterns = List.copyOf(new LinkedHashSet<>(patterns));
        Set<String> n = new LinkedHashSet<>();
        Set<String> p = new LinkedHashSet<>();
        Set<String> t = new LinkedHashSet<>();
        for (String pattern : this.patterns) {
            if (pattern.endsWith(".**")) {
                t.add(pattern.substring(0, pattern.length() - 2));
            } else if (pattern.endsWith(".*")) {
                p.add(pattern.substring(0, pattern.length() - 1));
            } else {
                n.add(pattern);
            }
        }
        this.names = Collections.unmodifiableSet(n);
        this.packages = Collections.unmodifiableSet(p);
        this.trees = Collections.unmodifiableSet(t);
    }

    /**
     * The default policy (see the class comment) plus what {@value #PROPERTY} lists, as it was
     * when this was first called in this JVM.
     *
     * @throws IllegalArgumentException if the property holds something that is not a class name
     *                                  or pattern
     */
    public static ClassPolicy standard() {
        ClassPolicy policy = standard;
        if (policy == null) {
            policy = new ClassPolicy(true, List.of()).allowing(fromProperty(System.getProperty(PROPERTY)));
            standard = policy;
        }
        return policy;
    }

    /**
     * A policy that allows exactly the classes named, and arrays of them, and nothing by default:
     * for a serializer whose peers send only the application's own types.
     */
    public static ClassPolicy only(String... patterns) {
        return new ClassPolicy(false, List.of()).allowing(patterns);
    }

    private static String[] fromProperty(String value) {
        if (value == null || value.isBlank()) {
            return new String[0];
        }
        List<String> patterns = new ArrayList<>();
        for (String pattern : value.split(",")) {
            if (!pattern.isBlank()) {
                patterns.add(pattern.trim());
            }
        }
        return patterns.toArray(new String[0]);
    }

    /** This policy, also allowing {@code classes} (and arrays of them; an enum with its constants' bodies). */
    public ClassPolicy allowing(Class<?>... classes) {
        String[] names = new String[classes.length];
        for (int i = 0; i < classes.length; i++) {
            Class<?> type = Objects.requireNonNull(classes[i], "classes[" + i + "]");
            while (type.isArray()) {
                type = type.getComponentType();
            }
            if (type.isPrimitive()) {
                throw new IllegalArgumentException("primitive types need no allowing: " + classes[i]);
            }
            names[i] = type.getName();
        }
        return allowing(names);
    }

    /**
     * This policy, also allowing what {@code patterns} name: a class's binary name
     * ({@code com.acme.Point}, {@code com.acme.Outer$Inner}), a package
     * ({@code com.acme.model.*}: its classes, not its subpackages'), or a package and its
     * subpackages ({@code com.acme.**}).
     *
     * @throws IllegalArgumentException if a pattern is none of these
     */
    public ClassPolicy allowing(String... patterns) {
        List<String> all = new ArrayList<>(this.patterns);
        for (String pattern : patterns) {
            Objects.requireNonNull(pattern, "pattern");
            if (!isPattern(pattern)) {
                throw new IllegalArgumentException("not a class name, a package.* or a package.**: '" + pattern + "'");
            }
            all.add(pattern);
        }
        return all.size() == this.patterns.size() ? this : new ClassPolicy(defaults, all, exceptionSources);
    }

    /**
     * This policy, also allowing the exceptions ({@code Throwable} subclasses) of the jars, or
     * modules, that hold {@code sources}: for peers that run a library which sends its own
     * exceptions, as Hazelcast's members send each other theirs (a {@code WrongTargetException}
     * tells the sender to try again once a partition has moved). Nothing else of those jars is
     * allowed. What the exceptions carry (causes, fields) is checked like anything else.
     */
    public ClassPolicy allowingExceptionsFrom(Class<?>... sources) {
        List<String> all = new ArrayList<>(exceptionSources);
        for (Class<?> source : sources) {
            all.add(Objects.requireNonNull(source, "source").getName());
        }
        return new ClassPolicy(defaults, patterns, all);
    }

    /** The names and patterns allowed beyond the defaults, in the order they were given. */
    public List<String> patterns() {
        return patterns;
    }

    /** Whether the default classes of the class comment are allowed ({@link #only} allows none). */
    public boolean includesDefaults() {
        return defaults;
    }

    /**
     * Whether {@code type} may be rebuilt. Nothing of it runs; it is loaded already.
     */
    public boolean permits(Class<?> type) {
        Objects.requireNonNull(type, "type");
        return byClass().get(type);
    }

    /**
     * Whether the class named {@code className} (a binary name, or an array's name as
     * {@link Class#getName()} gives it) may be rebuilt, decided from its name where possible;
     * otherwise the class is loaded with {@code loader} without being initialized.
     */
    public boolean permits(String className, ClassLoader loader) {
        Objects.requireNonNull(className, "className");
        Boolean known = byName().get(className);
        if (known == null) {
            known = decideByName(className, loader);
            byName().put(className, known);
        }
        return known;
    }

    /**
     * Refuses {@code type} unless permitted.
     *
     * @throws ClassRefusedException naming it, and how to allow it
     */
    public void check(Class<?> type) throws ClassRefusedException {
        if (!permits(type)) {
            throw ClassRefusedException.of(elementName(type.getName()));
        }
    }

    private ConcurrentHashMap<String, Boolean> byName() {
        ConcurrentHashMap<String, Boolean> map = byName;
        if (map == null) {
            map = new ConcurrentHashMap<>();
            byName = map;
        }
        return map;
    }

    private ClassValue<Boolean> byClass() {
        ClassValue<Boolean> value = byClass;
        if (value == null) {
            value = new ClassValue<>() {
                @Override
                protected Boolean computeValue(Class<?> type) {
                    return decide(type);
                }
            };
            byClass = value;
        }
        return value;
    }

    /** The name of an array's innermost element type, or the name itself. */
    static String elementName(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return name;
        }
        if (name.length() > dims && name.charAt(dims) == 'L' && name.endsWith(";")) {
            return name.substring(dims + 1, name.length() - 1);
        }
        return name.substring(dims); // a primitive's descriptor letter
    }

    private boolean decideByName(String className, ClassLoader loader) {
        String name = className;
        if (name.startsWith("[")) {
            String element = elementName(name);
            if (element.length() == 1 && "ZBCSIJFD".contains(element)) {
                return true;
            }
            name = element;
        }
        int lambda = name.indexOf("$$Lambda");
        if (lambda > 0) {
            // A lambda's hidden class, as Fory names it on writing: allowed with the class that holds it.
            try {
                Class<?> host = Class.forName(name.substring(0, lambda), false, loader);
                return permits(host) || defaults && isLambdaHost(host);
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                return false;
            }
        }
        if (!isBinaryName(name)) {
            return false;
        }
        if (allowedByName(name)) {
            return true;
        }
        try {
            return decide(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code name} is a binary class name: identifiers joined by single dots, each a
     * letter, {@code _} or {@code $} followed by letters, digits, {@code _} and {@code $} (letters
     * and digits of any script: Unicode's categories L and N). Checked by hand rather than with
     * a regular expression, whose compilation cost a fresh JVM about 2 ms, and every child JVM
     * makes this policy.
     */
    static boolean isBinaryName(String name) {
        return namesEnd(name) == name.length();
    }

    /** Whether {@code pattern} is a binary name, alone or followed by {@code .*} or {@code .**}. */
    static boolean isPattern(String pattern) {
        int end = namesEnd(pattern);
        if (end < 0) {
            return false;
        }
        String rest = pattern.substring(end);
        return rest.isEmpty() || rest.equals(".*") || rest.equals(".**");
    }

    /** Where the dotted identifiers at the start of {@code text} end; -1 if it starts with none. */
    private static int namesEnd(String text) {
        int at = 0;
        while (true) {
            int start = at;
            while (at < text.length()) {
                int c = text.codePointAt(at);
                if (!(at == start ? isIdentifierStart(c) : isIdentifierPart(c))) {
                    break;
                }
                at += Character.charCount(c);
            }
            if (at == start) {
                // Only at the start: a dot is passed only when an identifier follows it.
                return -1;
            }
            if (at + 1 < text.length() && text.charAt(at) == '.' && isIdentifierStart(text.codePointAt(at + 1))) {
                at++;
            } else {
                return at;
            }
        }
    }

    private static boolean isIdentifierStart(int c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isIdentifierPart(int c) {
        int type = Character.getType(c);
        return isIdentifierStart(c) || type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private boolean allowedByName(String name) {
        // Object is never made from a stream (it is not serializable): it is the element type of
        // the Object[] that collections check before they read their elements.
        if (names.contains(name) || name.equals("java.lang.Object")) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        String pkg = dot < 0 ? "" : name.substring(0, dot + 1);
        if (packages.contains(pkg)) {
            return true;
        }
        for (String tree : trees) {
            if (name.startsWith(tree)) {
                return true;
            }
        }
        if (defaults) {
            if (DEFAULT_NAMES.contains(name)) {
                return true;
            }
            for (String tree : DEFAULT_TREES) {
                if (name.startsWith(tree)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean decide(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element.isPrimitive() || allowedByName(element.getName())) {
            return true;
        }
        if (type.isArray() && (element.isInterface() || Modifier.isAbstract(element.getModifiers()))) {
            // An array of an interface or abstract type (List[], Number[]): no element can be of
            // that type itself, and each element is checked as it is read.
            return true;
        }
        Class<?> superclass = element.getSuperclass();
        if (superclass != null && superclass.isEnum() && allowedByName(superclass.getName())) {
            return true; // the body of an allowed enum's constant
        }
        if (Throwable.class.isAssignableFrom(element) && fromExceptionSource(element)) {
            return true;
        }
        if (!defaults) {
            return false;
        }
        if (LibraryClasses.isLibrary(element)) {
            return true;
        }
        if (Throwable.class.isAssignableFrom(element) && element.getModule() == Object.class.getModule()) {
            return true;
        }
        if (element.isHidden() && element.isSynthetic()) {
            // A lambda, as SerializedLambda.readResolve returns it (a hidden class cannot be named
            // in a stream): allowed with the class that holds it.
            Class<?> host = element.getNestHost();
            return host != element && (permits(host) || isLambdaHost(host));
        }
        return isLambdaHost(element);
    }

    /** Whether {@code type} comes from the jar or module of one of {@link #exceptionSources}. */
    private boolean fromExceptionSource(Class<?> type) {
        for (String name : exceptionSources) {
            Class<?> source;
            try {
                source = Class.forName(name, false, type.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            if (LibraryClasses.sameOrigin(type, source)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A class that holds serializable lambdas and whose own instances cannot be in a stream (an
     * interface, an abstract class, a class that is not serializable): its
     * {@code $deserializeLambda$} rebuilds only the lambdas it contains.
     */
    private static boolean isLambdaHost(Class<?> type) {
        boolean noInstances = type.isInterface() || Modifier.isAbstract(type.getModifiers())
                || !Serializable.class.isAssignableFrom(type);
        return noInstances && hasLambdaMethod(type);
    }

    private static boolean hasLambdaMethod(Class<?> type) {
        try {
            Method method = type.getDeclaredMethod(LAMBDA_METHOD, java.lang.invoke.SerializedLambda.class);
            return Modifier.isStatic(method.getModifiers()) && method.isSynthetic();
        } catch (NoSuchMethodException | LinkageError | SecurityException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassPolicy && ((ClassPolicy) other).defaults == defaults
                && ((ClassPolicy) other).patterns.equals(patterns)
                && ((ClassPolicy) other).exceptionSources.equals(exceptionSources);
    }

    @Override
    public int hashCode() {
        return (Boolean.hashCode(defaults) * 31 + patterns.hashCode()) * 31 + exceptionSources.hashCode();
    }

    @Override
    public String toString() {
        return "ClassPolicy[" + (defaults ? "standard" : "only") + (patterns.isEmpty() ? "" : " + " + patterns)
                + (exceptionSources.isEmpty() ? "" : " + exceptions of the jars of " + exceptionSources) + "]";
    }

    /** A policy travels as its patterns and exception sources; the caches are rebuilt. */
    private Object readResolve() {
        return new ClassPolicy(defaults, patterns, exceptionSources == null ? List.of() : exceptionSources);
    }
}
