package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.internal.runtime.EntryClasses;
import org.multiprocessing4j.internal.runtime.Inheritance;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.sync.Lock;
import org.multiprocessing4j.serialization.ClassPolicy;
import org.multiprocessing4j.serialization.Serializer;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Properties;
import java.util.Stack;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classes of a child's entry, noted as the parent writes it, for the spares that follow to
 * prepare: the library's and the JDK's only, and never a user's class initialised in a spare.
 */
class EntryClassesTest {

    /** A user's value, captured by a target. */
    static final class UserValue implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A user's class whose initialiser has an effect a spare must not cause. */
    static final class Initialised implements Serializable {
        private static final long serialVersionUID = 1L;

        static {
            Initialisations.COUNT.incrementAndGet();
        }
    }

    /** Counts {@link Initialised}'s initialisations from outside it. */
    static final class Initialisations {
        static final AtomicInteger COUNT = new AtomicInteger();
    }

    @Test
    void anEntrysClassesAreNotedWhileItIsWrittenTheLibrarysAndTheJdksOnly() {
        ClassPolicy policy = ClassPolicy.standard();
        Integer count = 7;
        UserValue user = new UserValue();
        ChildEntry entry = boot -> policy.hashCode() + count + user.hashCode();
        List<String> noted = notedWhileWriting(entry);
        assertTrue(noted.containsAll(List.of("java.lang.invoke.SerializedLambda", "java.lang.Integer",
                "java.lang.Number", ClassPolicy.class.getName())), noted.toString());
        assertFalse(noted.contains(UserValue.class.getName()), "a user's class was noted: " + noted);
        assertFalse(noted.contains(EntryClassesTest.class.getName()), "a user's class was noted: " + noted);
        assertTrue(noted.stream().noneMatch(name -> name.startsWith("[")), "an array class was noted: " + noted);

        // Outside a child's start nothing is noted: the next session starts empty.
        EntryCodec.encodeSerialized(entry, Serializer.standard());
        EntryClasses.begin();
        assertEquals(List.of(), EntryClasses.end());
    }

    @Test
    void noMoreClassesThanASpareCommandLineTakesAreNoted() {
        ArrayList<Object> values = new ArrayList<>(List.of(1, 2L, 3.0, 4.0f, (short) 5, (byte) 6, 'c', true,
                BigInteger.TEN, BigDecimal.ONE, new LinkedList<>(), new HashMap<>(), new TreeMap<>(),
                new LinkedHashMap<>(), new HashSet<>(), new TreeSet<>(), new LinkedHashSet<>(), new ArrayDeque<>(),
                new Date(0), URI.create("x:y"), UUID.randomUUID(), new AtomicInteger(), new AtomicLong(),
                new AtomicBoolean(), new BitSet(), new Vector<>(), new Stack<>(), new Hashtable<>(), new Properties(),
                new IdentityHashMap<>(), new ConcurrentHashMap<>(), new StringBuilder("s"), new StringBuffer("s")));
        ChildEntry entry = boot -> values.size();
        List<String> noted = notedWhileWriting(entry);
        assertEquals(EntryClasses.MAX, noted.size(), noted.toString());
    }

    @Test
    void theLibrarysFormsEverySparePreparesAreTheFormsItsObjectsTravelIn() throws Exception {
        Connection[] pipe = Pipe.open(false);
        try (Lock lock = new Lock(); Queue<Integer> queue = new Queue<>()) {
            ChildEntry entry = boot -> lock.hashCode() + queue.hashCode() + pipe[1].hashCode();
            Inheritance.begin();
            List<String> noted;
            try {
                noted = notedWhileWriting(entry);
            } finally {
                Inheritance.end();
            }
            // Both ways: every name a spare prepares is such a form, and these objects travel
            // in no form of the library's that spares do not prepare.
            List<String> forms = List.of(SpareWarmUp.LIBRARY_FORMS);
            assertTrue(noted.containsAll(forms), "a form spares prepare is not one: " + forms + ", " + noted);
            assertEquals(new TreeSet<>(forms), noted.stream().filter(name -> name.startsWith("org.multiprocessing4j."))
                    .collect(Collectors.toCollection(TreeSet::new)),
                    "a lock, a queue and a connection travel in forms spares do not prepare: " + noted);
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
    }

    /** What is noted while {@code entry} is written as a parent writes a child's. */
    private static List<String> notedWhileWriting(ChildEntry entry) {
        List<String> noted;
        EntryClasses.begin();
        try {
            EntryCodec.encodeSerialized(entry, Serializer.standard());
        } finally {
            noted = EntryClasses.end();
        }
        return noted;
    }

    @Test
    void aSparePreparesNoUsersClassAndIgnoresWhatItCannotLoad() {
        SpareWarmUp.prepareSerializedForms(Initialised.class.getName(), "no.such.Type", "java.lang.Integer",
                ClassPolicy.class.getName());
        assertEquals(0, Initialisations.COUNT.get(), "a spare's preparation initialised a user's class");
        assertFalse(EntryClasses.isKept(Initialised.class));
        assertTrue(EntryClasses.isKept(Integer.class) && EntryClasses.isKept(ClassPolicy.class));
        // The JDK's classes outside java.* are not.
        assertFalse(EntryClasses.isKept(javax.management.ObjectName.class));
        // The count does see an initialisation: the class is initialised by its first object.
        Object first = new Initialised();
        assertEquals(1, Initialisations.COUNT.get());
        assertEquals(Initialised.class, first.getClass());
    }
}
