package org.multiprocessing4j.managers;

import org.multiprocessing4j.connection.Address;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Listener;
import org.multiprocessing4j.internal.runtime.Log;
import org.multiprocessing4j.internal.runtime.Threads;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server of a manager, which holds the shared objects and runs their methods for clients:
 * Python's {@code multiprocessing.managers.Server}. {@link BaseManager#start()} runs one in a
 * process of its own; {@link BaseManager#getServer()} makes one to run in this process, as a
 * remote manager does:
 *
 * <pre>{@code
 * BaseManager manager = BaseManager.builder().address("127.0.0.1:50000").authkey(secret).build();
 * manager.register("get_queue", (args, kwds) -> queue);
 * manager.getServer().serveForever();
 * }</pre>
 *
 * <p>Each client connection has a thread of its own, as in CPython: a connection that
 * authenticated must send its first request within 20 s, then is served for as long as it
 * stays open. A malformed request gets a {@code #TRACEBACK} reply and the connection goes on; a
 * broken frame closes that connection only. Shutting down ends every call in progress and
 * closes its connection, so a client waiting in {@code queue.get()} or {@code lock.acquire()}
 * gets an error at once; an idle connection closes when its client sends its next request
 * (a manager's own process exits, which closes them all at once).
 */
public final class Server implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final Map<String, Registration> registry;
    private final Listener listener;
    private final Address address;
    private final byte[] authkey;
    private final Serializer serializer;
    private final ObjectTable table = new ObjectTable();
    private final ObjectTable.Owner storedProxies = new ObjectTable.Owner("the server's stored proxies");
    private final Set<Peer> peers = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CallWatch watch = new CallWatch();
    private final PublicMethods methods;
    private final int number = COUNT.incrementAndGet();
    /**
     * False to answer as CPython's server does, without sessions ({@code accept_session} is
     * unrecognized), so that a Java client takes its references one-shot as CPython's clients
     * do: {@code -Dmultiprocessing4j.managerSessions=false} in the server's JVM.
     */
    private final boolean sessions = !"false".equals(System.getProperty("multiprocessing4j.managerSessions"));
    private volatile boolean stopping;

    Server(Map<String, Registration> registry, Address address, byte[] authkey, Serializer serializer) throws IOException {
        this.registry = Map.copyOf(registry);
        this.authkey = authkey.clone();
        this.serializer = serializer;
        // CPython authenticates itself, after accepting; the listener does the same handshake
        // (challenge first, then answer), beside accepting.
        this.listener = Listener.builder().address(address).authkey(authkey).backlog(128).open();
        this.address = listener.getAddress();
        this.methods = new PublicMethods(this);
    }

    /** The address clients connect to, with the port the system chose: Python's {@code server.address}. */
    public Address getAddress() {
        return address;
    }

    /**
     * Serves clients until a client asks it to shut down or {@link #close()} is called: Python's
     * {@code serve_forever()}. Unlike CPython's, it returns then (CPython's calls
     * {@code sys.exit(0)}), having closed every client connection.
     *
     * @throws InterruptedException if the calling thread is interrupted; the server is stopped
     */
    public void serveForever() throws InterruptedException {
        Thread accepter = Threads.start("manager-" + number + "-accept", this::accept);
        watch.start(number);
        try {
            stopped.await();
        } finally {
            stop();
            accepter.join(5_000);
        }
    }

    private void accept() {
        while (!stopping) {
            Connection connection;
            try {
                connection = listener.accept();
            } catch (IOException e) {
                if (!stopping) {
                    ManagerLog.debug("manager: accept failed: {}", e.toString());
                }
                continue;
            }
            Threads.start("manager-" + number + "-client", () -> new RequestHandler(this, connection).run());
        }
    }

    /**
     * Stops serving: no more clients, every connection closed, every serving thread woken;
     * {@link #serveForever()} returns. A second call does nothing.
     */
    @Override
    public void close() {
        stop();
    }

    void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        listener.close();
        watch.stop();
        for (Peer peer : peers) {
            peer.thread.interrupt();
        }
        stopped.countDown();
    }

    boolean acceptsSessions() {
        return sessions;
    }

    boolean isStopping() {
        return stopping;
    }

    /** Tracks a serving thread, so that stopping wakes it; false (and nothing tracked) if stopping already. */
    boolean enter(Peer peer) {
        peers.add(peer);
        if (stopping) {
            peers.remove(peer);
            return false;
        }
        return true;
    }

    void leave(Peer peer) {
        peers.remove(peer);
    }

    ObjectTable table() {
        return table;
    }

    ObjectTable.Owner storedProxies() {
        return storedProxies;
    }

    Map<String, Registration> registry() {
        return registry;
    }

    Serializer serializer() {
        return serializer;
    }

    PublicMethods methods() {
        return methods;
    }

    CallWatch watch() {
        return watch;
    }

    /**
     * Whether a proxy naming {@code other} is a proxy of this server's objects: the address it
     * is bound to, or, for TCP, the same port on a local address (a client names the server by
     * the address it connected to, 127.0.0.1 for a server bound to every address).
     */
    boolean owns(Address other) {
        if (other.equals(address)) {
            return true;
        }
        if (!other.isTcp() || !address.isTcp() || other.port() != address.port()) {
            return false;
        }
        try {
            InetAddress host = InetAddress.getByName(other.host());
            return host.isLoopbackAddress() || host.isAnyLocalAddress()
                    || java.net.NetworkInterface.getByInetAddress(host) != null;
        } catch (UnknownHostException | java.net.SocketException e) {
            return false;
        }
    }

    /** The proxy a client rebuilds for {@code entry}: its registered type, this server's address and key. */
    ProxyReference referenceTo(ObjectTable.Entry entry) {
        Registration registration = registry.get(entry.typeid);
        ProxyType<?> type = registration != null ? registration.proxyType : ProxyType.auto();
        return ProxyReference.of(type, new Token(entry.typeid, address, entry.ident), entry.exposed, authkey,
                resultTypes(entry.methodToTypeid));
    }

    /** The proxy types of the typeids {@code methodToTypeid} names, for a client that has no registry. */
    Map<String, ProxyType<?>> resultTypes(Map<String, String> methodToTypeid) {
        Map<String, ProxyType<?>> types = new java.util.HashMap<>();
        for (String typeid : methodToTypeid.values()) {
            Registration registration = registry.get(typeid);
            types.put(typeid, registration != null ? registration.proxyType : ProxyType.auto());
        }
        return types;
    }

    @Override
    public String toString() {
        return "Server[" + address + (stopping ? ", stopped" : "") + "]";
    }
}
