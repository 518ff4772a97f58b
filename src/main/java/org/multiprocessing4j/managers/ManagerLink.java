package org.multiprocessing4j.managers;

import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.internal.runtime.CurrentProcess;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.internal.platform.ProcessIds;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's side of one manager: the connections to it, and how a call goes through them.
 * Method calls go over one persistent connection per thread, as in CPython
 * ({@code accept_connection}); references are taken and dropped over one session per process
 * ({@code accept_session}), which owns them, so that the manager drops them all when this
 * process ends however it ends. The server's own methods ({@code shutdown}, {@code dummy})
 * go over one-shot connections, as CPython's {@code dispatch}.
 *
 * <p>A connection that fails is closed and forgotten at once, and the call fails with a
 * {@link ManagerConnectionException}; the next call connects afresh (CPython keeps the broken
 * connection and fails for ever, gh-88780). Once no proxy of this manager is left in this
 * process, its connections are closed.
 */
final class ManagerLink {
    /** How long a session request may take: they are bookkeeping, answered at once by a live manager. */
    static final Duration SESSION_REPLY = Duration.ofSeconds(30);
    private static final Cleaner THREADS_GONE = Cleaner.create(r -> Threads.daemon("manager-connections", r));

    final Address address;
    private final byte[] authkey;
    /** The manager's frames: Java's, or CPython's pickle once the manager answered with one ({@link ManagerPickle}). */
    private volatile Serializer serializer;
    private final boolean ownedByManager;
    private final Map<String, ProxyType<?>> proxyTypes = new ConcurrentHashMap<>();
    private final ThreadLocal<ThreadConnection> perThread = new ThreadLocal<>();
    private final Set<ThreadConnection> threadConnections = ConcurrentHashMap.newKeySet();
    private final Object sessionLock = new Object();
    private Connection session;
    /** False once the manager refused a session (a CPython server): references then go one-shot. */
    private boolean sessions = true;
    /**
     * Without a session, the references this process holds, by ident, dropped at exit (CPython's
     * proxy finalizers run by {@code _exit_function}); under {@link #sessionLock}.
     */
    private final Map<String, Integer> oneShotHeld = new java.util.HashMap<>();
    /** The links holding one-shot references; a JVM shutdown hook drops them (installed with the first). */
    private static final Set<ManagerLink> ONE_SHOT_LINKS = ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.atomic.AtomicBoolean EXIT_HOOK = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Address serverAddress;
    private int proxies;
    private volatile boolean closed;

    ManagerLink(Address address, byte[] authkey, Serializer serializer, Map<String, ProxyType<?>> types, boolean ownedByManager) {
        this.address = address;
        this.authkey = authkey.clone();
        this.serializer = serializer;
        this.ownedByManager = ownedByManager;
        this.proxyTypes.putAll(types);
    }

    /** One thread's persistent connection; closed when the thread is gone. */
    private static final class ThreadConnection implements Runnable {
        volatile Connection connection;

        @Override
        public void run() {
            Connection c = connection;
            if (c != null) {
                c.close();
            }
        }
    }

    Address serverAddress() {
        return serverAddress;
    }

    boolean isClosed() {
        return closed;
    }

    byte[] authkey() {
        return authkey.clone();
    }

    /** Learns the proxy types of typeids that methods return. */
    void learn(Map<String, ProxyType<?>> types) {
        types.forEach(proxyTypes::putIfAbsent);
    }

    ProxyType<?> proxyType(String typeid, Map<String, ProxyType<?>> fallback) {
        ProxyType<?> type = proxyTypes.get(typeid);
        if (type == null && fallback != null) {
            type = fallback.get(typeid);
        }
        return type != null ? type : ProxyType.auto();
    }

    // ---- connections ----

    private Connection connect() {
        if (closed) {
            throw new ManagerConnectionException("the manager at " + address + " has shut down",
                    new java.io.EOFException("manager shut down"));
        }
        try {
            return Client.connect(address, authkey);
        } catch (IOException e) {
            throw new ManagerConnectionException("cannot connect to the manager at " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new connection, and its first request's reply in {@code reply[0]}. A manager that answers
     * a Java frame with a pickle is CPython's (its {@code #TRACEBACK} of an unreadable request):
     * this link speaks pickle from then on, and the request goes again on a new connection.
     */
    private Connection connectFor(Request request, Duration timeout, Reply[] reply) {
        while (true) {
            Connection connection = connect();
            try {
                reply[0] = exchange(connection, request, timeout);
                return connection;
            } catch (PickleSpoken cpython) {
                connection.close();
                ManagerLog.debug("the manager at {} speaks pickle: a CPython manager", address);
            } catch (IOException e) {
                connection.close();
                throw new ManagerConnectionException("the manager at " + address + " went away during '"
                        + request.getMethod() + "': " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                connection.close();
                throw e;
            }
        }
    }

    /** The manager answered a Java frame with a pickle: see {@link #connectFor}. */
    private static final class PickleSpoken extends IOException {
        private static final long serialVersionUID = 1L;

        PickleSpoken() {
            super("the manager speaks pickle", null);
        }
    }

    /** Whether this link speaks CPython's pickle to its manager. */
    boolean speaksPickle() {
        return serializer == ManagerPickle.INSTANCE;
    }

    /** One request and its reply over {@code connection}, decoded (proxies in it rebuilt). */
    private Reply exchange(Connection connection, Request request, Duration timeout) throws IOException {
        Serializer serializer = this.serializer;
        byte[] bytes = serializer.dumps(request);
        connection.sendBytes(bytes);
        if (timeout != null) {
            try {
                if (!connection.poll(timeout)) {
                    throw new IOException("no reply to " + request.getMethod() + " within " + timeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the manager's reply");
            }
        }
        byte[] reply = connection.recvBytes();
        if (serializer != ManagerPickle.INSTANCE && ManagerPickle.isPickle(reply, 0, reply.length)) {
            this.serializer = ManagerPickle.INSTANCE;
            throw new PickleSpoken();
        }
        return Reply.from(serializer.loads(reply, 0, reply.length));
    }

    /** A one-shot call of one of the server's methods: CPython's {@code dispatch(conn, None, name, args)}. */
    Object oneShot(String method, Object... args) {
        return oneShotWith(method, List.of(args), null);
    }

    /**
     * A method call on the calling thread's persistent connection: CPython's {@code _callmethod}.
     *
     * @throws Exception what the method raised, as it raised it
     */
    Object callOrThrow(AutoProxy proxy, String method, List<?> args, Map<String, ?> kwds) throws Exception {
        Request request = new Request(proxy.getToken().getId(), method, args, kwds);
        return callOrThrow(proxy, request);
    }

    /** {@link #callOrThrow(AutoProxy, String, List, Map)} of a request made already. */
    Object callOrThrow(AutoProxy proxy, Request request) throws Exception {
        String method = request.getMethod();
        ThreadConnection mine = threadConnection();
        Reply reply;
        try {
            reply = exchange(mine.connection, request, null);
        } catch (IOException e) {
            mine.run();
            mine.connection = null;
            throw new ManagerConnectionException("lost the connection to the manager at " + address + " during '"
                    + method + "': " + e.getMessage() + " (the manager shut down or died)", e);
        }
        return Replies.valueOrThrow(reply, this, proxy);
    }

    private ThreadConnection threadConnection() {
        ThreadConnection mine = perThread.get();
        if (mine == null) {
            mine = new ThreadConnection();
            perThread.set(mine);
            threadConnections.add(mine);
            ThreadConnection gone = mine;
            THREADS_GONE.register(Thread.currentThread(), () -> {
                gone.run();
                threadConnections.remove(gone);
            });
        }
        Connection current = mine.connection;
        if (current == null || current.isClosed()) {
            String name = CurrentProcess.name() + "|" + Thread.currentThread().getName();
            Reply[] reply = new Reply[1];
            Connection fresh = connectFor(new Request(null, "accept_connection", List.of(name), null), SESSION_REPLY, reply);
            try {
                Replies.value(reply[0], this, null);
            } catch (RuntimeException e) {
                fresh.close();
                throw e;
            }
            mine.connection = fresh;
        }
        return mine;
    }

    // ---- references ----

    /** {@code create} with a reference of this process's: {@code (ident, exposed)}. */
    List<?> create(String typeid, List<?> args, Map<String, ?> kwds) {
        List<Object> all = new ArrayList<>(args.size() + 1);
        all.add(typeid);
        all.addAll(args);
        Object result = reference("create", all, kwds);
        if (!(result instanceof List) || ((List<?>) result).size() != 2) {
            throw new RemoteError("create() returned " + result + ", not (ident, exposed)");
        }
        return (List<?>) result;
    }

    void incref(String ident) {
        reference("incref", List.of(ident), null);
    }

    void decref(String ident) {
        reference("decref", List.of(ident), null);
    }

    /** Takes over the reference a {@code #PROXY} reply's {@code create} made; one-shot: CPython's incref then decref. */
    void adopt(String ident) {
        if (!sessionRequest(PublicMethods.ADOPT, List.of(ident), null, new Object[1])) {
            oneShot("incref", ident);
            oneShot("decref", ident);
            held(ident, 1);
        }
    }

    private Object reference(String method, List<?> args, Map<String, ?> kwds) {
        Object[] result = new Object[1];
        if (!sessionRequest(method, args, kwds, result)) {
            Object value = oneShotWith(method, args, kwds);
            if ("create".equals(method) && value instanceof List && !((List<?>) value).isEmpty()) {
                held(String.valueOf(((List<?>) value).get(0)), 1);
            } else if (!"create".equals(method)) {
                held(String.valueOf(args.get(0)), "incref".equals(method) ? 1 : -1);
            }
            return value;
        }
        return result[0];
    }

    /** Counts a one-shot reference taken ({@code +1}) or dropped ({@code -1}); the first one registers the exit decref. */
    private void held(String ident, int change) {
        synchronized (sessionLock) {
            oneShotHeld.merge(ident, change, (a, b) -> a + b > 0 ? a + b : null);
        }
        if (change > 0 && ONE_SHOT_LINKS.add(this) && EXIT_HOOK.compareAndSet(false, true)) {
            Threads.atExit("manager-references", () -> ONE_SHOT_LINKS.forEach(ManagerLink::dropOneShotReferences));
        }
    }

    /** At exit, without a session: drops every reference still held, so that the manager frees what this process made. */
    private void dropOneShotReferences() {
        Map<String, Integer> held;
        synchronized (sessionLock) {
            held = new java.util.HashMap<>(oneShotHeld);
            oneShotHeld.clear();
        }
        held.forEach((ident, count) -> {
            for (int i = 0; i < count; i++) {
                try {
                    connectFor(new Request(null, "decref", List.of(ident), null), SESSION_REPLY, new Reply[1]).close();
                } catch (RuntimeException managerGone) {
                    ManagerLog.debug("DECREF '{}' at exit failed: {}", ident, managerGone.toString());
                    return;
                }
            }
        });
        closed = true;
    }

    /** A request on the session, its value in {@code result[0]}; false if this manager has no sessions (a CPython server). */
    private boolean sessionRequest(String method, List<?> args, Map<String, ?> kwds, Object[] result) {
        synchronized (sessionLock) {
            if (!sessions) {
                return false;
            }
            if (session == null || session.isClosed()) {
                session = openSession();
                if (session == null) {
                    return false;
                }
            }
            try {
                result[0] = Replies.value(exchange(session, new Request(null, method, args, kwds), SESSION_REPLY), this, null);
                return true;
            } catch (IOException e) {
                // The manager drops every reference of a session that ends: nothing is left behind.
                session.close();
                session = null;
                throw new ManagerConnectionException("lost the session with the manager at " + address + " during '"
                        + method + "': " + e.getMessage(), e);
            }
        }
    }

    /** A one-shot call of one of the server's methods: CPython's {@code dispatch(conn, None, name, args, kwds)}. */
    private Object oneShotWith(String method, List<?> args, Map<String, ?> kwds) {
        Reply[] reply = new Reply[1];
        connectFor(new Request(null, method, args, kwds), null, reply).close();
        return Replies.value(reply[0], this, null);
    }

    /** Opens the session, or returns null (and stops trying) when the manager has none. */
    private Connection openSession() {
        String name = CurrentProcess.name() + " (pid " + ProcessIds.current() + ")";
        Reply[] replied = new Reply[1];
        Connection connection = connectFor(new Request(null, PublicMethods.ACCEPT_SESSION, List.of(name), null),
                SESSION_REPLY, replied);
        try {
            Reply reply = replied[0];
            if (Reply.TRACEBACK.equals(reply.getKind())) {
                ManagerLog.debug("the manager at {} has no sessions: references go one-shot, as CPython's", address);
                sessions = false;
                connection.close();
                return null;
            }
            Object bound = Replies.value(reply, this, null);
            if (bound instanceof String) {
                serverAddress = Address.parse((String) bound);
            }
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    // ---- proxies ----

    /**
     * Counts a proxy about to take its reference (before its {@code create}, {@code incref} or
     * {@code adopt}), so that the connections are not closed under it; {@link #proxyClosed()}
     * undoes it if the reference could not be taken.
     */
    synchronized void reserve() {
        proxies++;
    }

    /** A proxy released its reference; the connections close with the last one. */
    synchronized void proxyClosed() {
        if (--proxies > 0) {
            return;
        }
        // Under this lock: a proxy being made now waits in reserve() until the connections closed.
        closeConnections();
        if (!ownedByManager) {
            Links.remove(this);
        }
    }

    private void closeConnections() {
        synchronized (sessionLock) {
            if (session != null) {
                session.close();
                session = null;
            }
        }
        for (ThreadConnection c : threadConnections) {
            c.run();
        }
    }

    /** The manager shut down: every connection closes, and later calls fail at once. */
    void close() {
        closed = true;
        synchronized (sessionLock) {
            oneShotHeld.clear();
        }
        ONE_SHOT_LINKS.remove(this);
        closeConnections();
        threadConnections.clear();
        Links.remove(this);
    }

    @Override
    public String toString() {
        return "ManagerLink[" + address + (closed ? ", closed" : "") + "]";
    }
}
