package org.multiprocessing4j.managers;

import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.ProcessError;
import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.function.Target;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.serialization.pickle.PickleSerializer;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A manager: a server process that holds shared objects, and proxies that reach them from any
 * process. Python's {@code multiprocessing.managers.BaseManager}. Register the types it shares,
 * then {@link #start()} its process (or {@link #connect()} to one running elsewhere, or run its
 * {@link #getServer()} here), and {@link #create} objects:
 *
 * <pre>{@code
 * try (BaseManager manager = new BaseManager()) {
 *     manager.register("Maths", (args, kwds) -> new Maths());
 *     manager.start();
 *     AutoProxy maths = manager.create("Maths");
 *     maths.callMethod("add", 4, 3);     // 7, computed in the manager's process
 * }
 * }</pre>
 *
 * <p>The manager's process is a child of this one, named {@code BaseManager-N} (the class's
 * simple name); it ends with {@link #shutdown()}, {@link #close()}, when this manager is
 * garbage collected, at this process's exit, and — unlike CPython's — when this process is
 * killed. Its address is a private Unix socket unless one is given.
 *
 * <p>Registrations belong to the manager object (CPython's belong to the class), and must be
 * made before {@link #start()}; the callables travel to the manager's process, so they are
 * serializable.
 */
public class BaseManager implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create(r -> org.multiprocessing4j.internal.runtime.Threads.daemon("manager-shutdown", r));

    private final Address requested;
    private final byte[] authkey;
    private final Serializer serializer;
    /** The links' serializer: {@link #serializer}, or CPython's pickle when the manager is given a {@link PickleSerializer}. */
    private final Serializer linkSerializer;
    private final Context context;
    private final Duration shutdownTimeout;
    private final Map<String, Registration> registry = new LinkedHashMap<>();
    private volatile State state = State.INITIAL;
    private volatile Address address;
    private volatile ManagerLink link;
    private volatile Cleaner.Cleanable shutdown;
    private volatile ManagerProcess process;

    /** CPython's {@code State}: initial, started, shut down. */
    enum State { INITIAL, STARTED, SHUTDOWN }

    /**
     * Python's {@code BaseManager()}: a private address, this process's authkey, the default
     * serializer and context.
     */
    public BaseManager() {
        this(builder());
    }

    /**
     * Python's {@code BaseManager(address, authkey)}.
     *
     * @param address where the server listens (null: a private address); for {@link #connect()},
     *                where it listens
     * @param authkey the key clients must prove they have (null: this process's)
     */
    public BaseManager(Address address, byte[] authkey) {
        this(builder().address(address).authkey(authkey));
    }

    /** A manager with every setting of {@code settings}. */
    protected BaseManager(Builder<?> settings) {
        this.requested = settings.address;
        this.authkey = settings.authkey != null ? settings.authkey.clone() : CurrentProcess.authKey();
        boolean pickle = settings.serializer instanceof PickleSerializer;
        // A server tells CPython's frames by their first byte: it needs no setting for them.
        this.serializer = pickle ? MessageSerializer.standard() : MessageSerializer.over(settings.serializer);
        this.linkSerializer = pickle ? ManagerPickle.INSTANCE : serializer;
        this.context = settings.context != null ? settings.context : Multiprocessing.context();
        this.shutdownTimeout = settings.shutdownTimeout;
    }

    /** The settings of a {@link BaseManager}, by name: {@code BaseManager.builder().address(...).authkey(...).build()}. */
    public static Builder<? extends BaseManager> builder() {
        return new Builder<>(BaseManager::new);
    }

    // ---- registration ----

    /**
     * Python's {@code register(typeid, callable)}: objects made by {@code callable}, reached
     * through an {@link AutoProxy}.
     */
    public void register(String typeid, ManagedCallable callable) {
        register(typeid, callable, null, null, null, true);
    }

    /** {@code register(typeid, callable)} for a callable without arguments. */
    public void register(String typeid, SerializableCallable<?> callable) {
        Objects.requireNonNull(callable, "callable");
        register(typeid, (args, kwds) -> callable.call(), null, null, null, true);
    }

    /** Python's {@code register(typeid, callable, proxytype)}. */
    public void register(String typeid, ManagedCallable callable, ProxyType<?> proxyType) {
        register(typeid, callable, proxyType, null, null, true);
    }

    /**
     * Python's {@code register(typeid)} without a callable, as a client of a remote manager
     * registers the types the server has (or a type only methods return).
     */
    public void register(String typeid, ProxyType<?> proxyType) {
        register(typeid, null, proxyType, null, null, true);
    }

    /**
     * Python's {@code register(typeid, callable, proxytype, exposed, method_to_typeid, create_method)}.
     *
     * @param callable       makes the object in the manager's process; null for a type only
     *                       methods return, or one a client registers without making it
     * @param proxyType      how the proxy is made (null: {@link ProxyType#auto()})
     * @param exposed        the methods clients may call (null: the proxy type's, else the
     *                       object's public methods)
     * @param methodToTypeid methods whose result is shared as an object of that typeid and
     *                       returned as its proxy (null: the proxy type's)
     * @param createMethod   whether {@link #create} may make it ({@code create_method})
     * @throws IllegalStateException once the manager started
     */
    public void register(String typeid, ManagedCallable callable, ProxyType<?> proxyType, List<String> exposed,
                         Map<String, String> methodToTypeid, boolean createMethod) {
        Objects.requireNonNull(typeid, "typeid");
        if (state != State.INITIAL) {
            throw new IllegalStateException("register() before start(), connect() or getServer(): the server has the registry");
        }
        registry.put(typeid, new Registration(typeid, callable, proxyType, exposed, methodToTypeid, createMethod));
    }

    // ---- life ----

    /** Python's {@code start()}: starts the manager's process and waits until it listens. */
    public void start() {
        start(null);
    }

    /**
     * Python's {@code start(initializer)}: starts the manager's process, which runs
     * {@code initializer} first, and waits until it listens.
     *
     * @throws ProcessError if it was started or shut down before ("Already started server",
     *                      "Manager has shut down"), or the process failed to start the server
     */
    public synchronized void start(Target initializer) {
        checkInitial();
        ManagerProcess started = ManagerProcess.start(getClass().getSimpleName(), context,
                new ServerSettings(Map.copyOf(registry), requested, authkey, serializer), initializer);
        process = started;
        connected(started.address, started);
    }

    /**
     * Python's {@code connect()}: reaches a manager that runs elsewhere (another process, another
     * machine), at the address and with the authkey this manager was given.
     *
     * @throws ManagerConnectionException if nothing answers there, or the key is refused
     */
    public synchronized void connect() {
        checkInitial();
        if (requested == null) {
            throw new IllegalStateException("connect() needs the manager's address");
        }
        ManagerLink candidate = Links.open(requested, authkey, linkSerializer, proxyTypes());
        try {
            candidate.oneShot("dummy");
        } catch (RuntimeException e) {
            candidate.close();
            throw e;
        }
        link = candidate;
        address = requested;
        state = State.STARTED;
    }

    /**
     * Python's {@code get_server()}: the server, to run in this process with
     * {@link Server#serveForever()}.
     *
     * @throws ProcessError if the manager was started or shut down
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public synchronized Server getServer() {
        checkInitial();
        try {
            return new Server(registry, requested != null ? requested : Address.arbitrary(), authkey, serializer);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot listen at " + requested + ": " + e.getMessage(), e);
        }
    }

    private void checkInitial() {
        if (state == State.STARTED) {
            throw new ProcessError("Already started server");
        }
        if (state == State.SHUTDOWN) {
            throw new ProcessError("Manager has shut down");
        }
    }

    private void connected(Address bound, ManagerProcess process) {
        address = bound;
        link = Links.open(bound, authkey, linkSerializer, proxyTypes());
        state = State.STARTED;
        Shutdown action = new Shutdown(process, link, shutdownTimeout);
        shutdown = CLEANER.register(this, action);
        Cleaner.Cleanable cleanable = shutdown;
        // CPython's Finalize(exitpriority=0): at exit, before the children are joined.
        action.atExit = org.multiprocessing4j.internal.runtime.Finalizers.atExit(cleanable::clean);
    }

    private Map<String, ProxyType<?>> proxyTypes() {
        Map<String, ProxyType<?>> types = new LinkedHashMap<>();
        registry.forEach((typeid, registration) -> types.put(typeid, registration.proxyType));
        return types;
    }

    /**
     * Python's {@code shutdown()}: stops the manager's process (a shutdown message, then
     * terminate and kill after the shutdown timeout each); every proxy of it fails from then
     * on. For a manager reached by {@link #connect()}, only forgets it. A second call does nothing.
     */
    public void shutdown() {
        Cleaner.Cleanable action = shutdown;
        if (action != null) {
            action.clean();
        } else if (link != null) {
            link.close();
        }
        state = State.SHUTDOWN;
    }

    /** {@link #shutdown()}: Python's {@code __exit__}. */
    @Override
    public void close() {
        shutdown();
    }

    /**
     * Python's {@code join(timeout)}: waits for the manager's process to end (null: for ever).
     *
     * @throws InterruptedException if the calling thread is interrupted
     */
    public void join(Duration timeout) throws InterruptedException {
        ManagerProcess current = process;
        if (current != null) {
            current.process.join(timeout);
        }
    }

    /** The context that launches the manager's process (and says where a dict of the cluster's context lives). */
    Context context() {
        return context;
    }

    /** The manager's address, once started or connected: Python's {@code address}. */
    public Address getAddress() {
        return address != null ? address : requested;
    }

    /** The manager's process, once {@link #start()}ed; null otherwise (Python's {@code _process}). */
    public org.multiprocessing4j.Process getProcess() {
        ManagerProcess current = process;
        return current == null ? null : current.process;
    }

    /** Whether the manager is started (or connected) and not shut down. */
    public boolean isStarted() {
        return state == State.STARTED;
    }

    // ---- objects ----

    /**
     * Creates a shared object of a registered type and returns its proxy: the method
     * {@code typeid(*args)} CPython's {@code register} adds to the manager class.
     *
     * @throws IllegalStateException if the manager is not started, or the type has
     *                               {@code createMethod} false or is not registered here
     * @throws RemoteError if the manager could not make it (its callable failed)
     */
    public <P> P create(String typeid, Object... args) {
        return create(typeid, List.of(args), Map.of());
    }

    /** {@link #create(String, Object...)} with keyword arguments: {@code typeid(*args, **kwds)}. */
    @SuppressWarnings("unchecked")
    public <P> P create(String typeid, List<?> args, Map<String, ?> kwds) {
        Registration registration = registry.get(typeid);
        if (registration == null || !registration.createMethod) {
            throw new IllegalStateException(registration == null ? "'" + typeid + "' is not registered with this manager"
                    : "'" + typeid + "' is registered without a create method");
        }
        ManagerLink current = started();
        List<?>[] made = new List<?>[1];
        ProxyType<?> type = registration.proxyType;
        AutoProxy core = AutoProxy.withReservation(current, () -> made[0] = current.create(typeid, args, kwds), () -> {
            List<String> exposed = new java.util.ArrayList<>();
            for (Object name : Tuples.parts(made[0].get(1), -1, "exposed")) {
                exposed.add(String.valueOf(name));
            }
            Token token = new Token(typeid, current.address, String.valueOf(made[0].get(0)));
            return AutoProxy.owned(current, token, exposed, type, Map.of());
        });
        return (P) type.wrap(core);
    }

    private ManagerLink started() {
        ManagerLink current = link;
        if (state != State.STARTED || current == null) {
            throw new IllegalStateException(state == State.SHUTDOWN ? "Manager has shut down" : "server not yet started");
        }
        return current;
    }

    /** How many shared objects the manager holds: Python's {@code _number_of_objects()}. */
    public int numberOfObjects() {
        return ((Number) started().oneShot("number_of_objects")).intValue();
    }

    /** The manager's objects and their refcounts, a line pair each: Python's {@code _debug_info()}. */
    public String debugInfo() {
        return String.valueOf(started().oneShot("debug_info"));
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " " + state.name().toLowerCase(java.util.Locale.ROOT)
                + (address != null ? " at " + address : "") + ">";
    }

    /**
     * The settings of a manager, each by name; every one has a default.
     *
     * @param <M> the manager class it builds
     */
    public static final class Builder<M extends BaseManager> {
        private final Function<Builder<M>, M> factory;
        private Address address;
        private byte[] authkey;
        private Serializer serializer;
        private Context context;
        private Duration shutdownTimeout = Duration.ofSeconds(1);

        Builder(Function<Builder<M>, M> factory) {
            this.factory = factory;
        }

        /** Where the server listens (null, the default: a private Unix socket): Python's {@code address}. */
        public Builder<M> address(Address address) {
            this.address = address;
            return this;
        }

        /** {@link #address(Address)} as {@link Address#parse} reads it ({@code "127.0.0.1:50000"}). */
        public Builder<M> address(String address) {
            this.address = Address.parse(address);
            return this;
        }

        /** The key clients must prove they have (null, the default: this process's): Python's {@code authkey}. The array is copied. */
        public Builder<M> authkey(byte[] authkey) {
            this.authkey = authkey == null ? null : authkey.clone();
            return this;
        }

        /**
         * What the messages go through between Java peers (null, the default: plain data
         * first, then {@link Serializer#standard()}): Python's {@code serializer}. It travels
         * to the manager's process, so it must be serializable. A
         * {@link PickleSerializer} makes this manager's client speak CPython's pickle from its
         * first request (without it, a client turns to pickle once a manager answers with one);
         * a server speaks pickle to every client whose first request is a pickle, whatever
         * this setting.
         */
        public Builder<M> serializer(Serializer serializer) {
            this.serializer = serializer;
            return this;
        }

        /** The context that launches the manager's process: Python's {@code ctx}. */
        public Builder<M> context(Context context) {
            this.context = context;
            return this;
        }

        /** How long shutdown waits at each step (1 s by default): Python's {@code shutdown_timeout}. */
        public Builder<M> shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The manager, not started. */
        public M build() {
            return factory.apply(this);
        }
    }
}
