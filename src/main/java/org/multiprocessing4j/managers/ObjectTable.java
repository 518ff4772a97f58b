package org.multiprocessing4j.managers;

import org.multiprocessing4j.internal.runtime.Log;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shared objects of a server and who holds them: CPython's {@code id_to_obj},
 * {@code id_to_refcount} and {@code id_to_local_proxy_obj} in one table.
 *
 * <p>A reference belongs to an {@link Owner} or to nobody. CPython's clients take references
 * that belong to nobody (a one-shot {@code incref}), as a Java client does through a one-shot
 * connection. A Java client's process takes its references through its session, so that they
 * are all dropped when its session ends, even by a SIGKILL (CPython keeps them for ever). A
 * reply's shared objects are held by its connection until the client's next request
 * ({@link Owner#pins}), so that an object taken out of a container cannot be freed before the
 * client has taken its own reference; and an object stored inside another (a managed list in
 * a managed dict) is held by the server itself ({@link LocalRef}) for as long as it is stored.
 * An object lives while anyone holds it: {@code number_of_objects} counts them all.
 */
final class ObjectTable {

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<Object, Entry> byIdentity = new IdentityHashMap<>();
    /** Where idents start: random, so that a proxy of a previous server at the same address finds nothing. */
    private long nextIdent = (new SecureRandom().nextLong() >>> 24) | 0x10_0000_0000L;

    /** A shared object: CPython's {@code id_to_obj[ident]} and its refcount. */
    static final class Entry {
        final String ident;
        final String typeid;
        final Referent referent;
        /** The methods a client may call, in the order {@code create} reports them (duplicates as in CPython). */
        final List<String> exposed;
        final Set<String> exposedSet;
        final Map<String, String> methodToTypeid;
        int unowned;
        int owned;

        Entry(String ident, String typeid, Referent referent, List<String> exposed, Map<String, String> methodToTypeid) {
            this.ident = ident;
            this.typeid = typeid;
            this.referent = referent;
            this.exposed = List.copyOf(exposed);
            this.exposedSet = new LinkedHashSet<>(exposed);
            this.methodToTypeid = methodToTypeid == null ? Map.of() : Map.copyOf(methodToTypeid);
        }

        int refcount() {
            return unowned + owned;
        }
    }

    /** Who holds references: a client's session, a connection's pins, or the server's stored proxies. */
    static final class Owner {
        final String name;
        private final Map<Entry, Integer> held = new HashMap<>();

        Owner(String name) {
            this.name = name;
        }

        /** The pins of one connection. */
        static Owner pins(String connection) {
            return new Owner("pins of " + connection);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Registers {@code referent} (or finds it again, when a callable returned an object that is
     * shared already) and takes one reference for {@code owner} (null: nobody).
     */
    synchronized Entry add(String typeid, Referent referent, List<String> exposed, Map<String, String> methodToTypeid,
                           Owner owner) {
        Entry entry = byIdentity.get(referent.identity());
        if (entry == null) {
            String ident = Long.toHexString(nextIdent++);
            entry = new Entry(ident, typeid, referent, exposed, methodToTypeid);
            entries.put(ident, entry);
            byIdentity.put(referent.identity(), entry);
            ManagerLog.debug("{} callable returned object with id '{}'", typeid, ident);
        }
        take(entry, owner);
        return entry;
    }

    /**
     * The live object {@code ident}.
     *
     * @throws NoSuchElementException (Python's KeyError) if there is none
     */
    synchronized Entry get(String ident) {
        Entry entry = entries.get(ident);
        if (entry == null) {
            throw new NoSuchElementException("no shared object with id '" + ident + "' (freed, or never created here)");
        }
        return entry;
    }

    /** One more reference to {@code ident} for {@code owner}: Python's {@code incref}. */
    synchronized Entry incref(String ident, Owner owner) {
        Entry entry = get(ident);
        take(entry, owner);
        return entry;
    }

    /** One more reference to a live entry for {@code owner}. */
    synchronized void take(Entry entry, Owner owner) {
        if (owner == null) {
            entry.unowned++;
        } else {
            entry.owned++;
            owner.held.merge(entry, 1, Integer::sum);
        }
    }

    /**
     * One reference less to {@code ident} from {@code owner}: Python's {@code decref}; the object
     * is freed with its last reference.
     *
     * @throws NoSuchElementException if there is no such object
     * @throws IllegalStateException (Python's AssertionError) if {@code owner} holds no reference to it
     */
    void decref(String ident, Owner owner) {
        Entry freed;
        synchronized (this) {
            Entry entry = get(ident);
            if (owner == null ? entry.unowned <= 0 : owner.held.getOrDefault(entry, 0) <= 0) {
                throw new IllegalStateException("Id " + ident + " (" + entry.referent.repr() + ") has refcount "
                        + (owner == null ? entry.unowned : 0) + ", not 1+" + (owner == null ? "" : " for " + owner));
            }
            freed = drop(entry, owner, 1);
        }
        dispose(freed);
    }

    /** Moves one reference of nobody's to {@code owner}: a Java client takes over a {@code #PROXY} reply's object. */
    synchronized void adopt(String ident, Owner owner) {
        Entry entry = get(ident);
        if (entry.unowned <= 0) {
            throw new IllegalStateException("Id " + ident + " has no reference to adopt");
        }
        entry.unowned--;
        take(entry, owner);
    }

    /** Drops every reference {@code owner} holds: its session ended, or its pins are released. */
    void release(Owner owner) {
        List<Entry> freed = new ArrayList<>();
        synchronized (this) {
            if (owner.held.isEmpty()) {
                return;
            }
            for (Map.Entry<Entry, Integer> e : new ArrayList<>(owner.held.entrySet())) {
                Entry dead = drop(e.getKey(), owner, e.getValue());
                if (dead != null) {
                    freed.add(dead);
                }
            }
        }
        for (Entry entry : freed) {
            dispose(entry);
        }
    }

    /** Takes {@code count} references of {@code owner}'s off {@code entry}; returns it if that freed it. */
    private Entry drop(Entry entry, Owner owner, int count) {
        if (owner == null) {
            entry.unowned -= count;
        } else {
            entry.owned -= count;
            owner.held.merge(entry, -count, Integer::sum);
            owner.held.remove(entry, 0);
        }
        if (entry.refcount() > 0) {
            return null;
        }
        entries.remove(entry.ident);
        byIdentity.remove(entry.referent.identity());
        return entry;
    }

    /** Frees an object outside the table's lock: it may hold others, whose release comes back here. */
    private static void dispose(Entry entry) {
        if (entry != null) {
            ManagerLog.debug("disposing of obj with id '{}'", entry.ident);
            try {
                entry.referent.dispose();
            } catch (RuntimeException e) {
                Log.of("managers").warn("freeing shared object '{}' failed", entry.ident, e);
            }
        }
    }

    /** How many objects live: Python's {@code number_of_objects}. */
    synchronized int size() {
        return entries.size();
    }

    /** Python's {@code debug_info}: a line pair per object, sorted by id. */
    synchronized String debugInfo() {
        List<String> result = new ArrayList<>();
        for (Entry entry : new TreeMap<>(entries).values()) {
            String text = entry.referent.repr();
            result.add("  " + entry.ident + ":       refcount=" + entry.refcount() + "\n    "
                    + (text.length() > 75 ? text.substring(0, 75) : text));
        }
        return String.join("\n", result);
    }

    /** Every object, for a server that shuts down. */
    synchronized List<Entry> all() {
        return new ArrayList<>(entries.values());
    }
}
