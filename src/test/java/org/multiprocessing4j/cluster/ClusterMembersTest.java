package org.multiprocessing4j.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.NativeChild;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.pool.AsyncResult;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.managers.AcquirerProxy;
import org.multiprocessing4j.managers.ArrayProxy;
import org.multiprocessing4j.managers.BarrierProxy;
import org.multiprocessing4j.managers.ConditionProxy;
import org.multiprocessing4j.managers.DictProxy;
import org.multiprocessing4j.managers.EventProxy;
import org.multiprocessing4j.managers.ListProxy;
import org.multiprocessing4j.managers.NamespaceProxy;
import org.multiprocessing4j.managers.SyncManager;
import org.multiprocessing4j.managers.ValueProxy;
import org.multiprocessing4j.pool.WorkerDiedException;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;
import org.multiprocessing4j.queues.JoinableQueue;
import org.multiprocessing4j.queues.Queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three members, each a separate JVM started with {@link NativeChild} from this class path
 * ({@link Member}, on loopback, a cluster name of their own), and this JVM as a client: one
 * cluster for the whole class. The member killed with SIGKILL goes last.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterMembersTest {
    private static final String NAME = "mp4j-test-" + UUID.randomUUID();
    private static final List<NativeChild> MEMBERS = new ArrayList<>();
    private static final List<String> ADDRESSES = new ArrayList<>();
    private static Cluster cluster;

    /** Starts {@code count} members that all list each other, then joins them as a client. */
    @BeforeAll
    static void startMembers() throws Exception {
        int count = 3;
        for (int i = 0; i < count; i++) {
            ADDRESSES.add("127.0.0.1:" + ClusterBasicsTest.freePort());
        }
        for (String address : ADDRESSES) {
            MEMBERS.add(startMember(address.substring(address.indexOf(':') + 1)));
        }
        cluster = Cluster.builder().clusterName(NAME).addresses(ADDRESSES.toArray(new String[0]))
                .connectTimeout(Duration.ofSeconds(90)).join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (cluster.members().size() < count || cluster.workers() < 2 * count) {
            assertTrue(System.nanoTime() < deadline, "the members did not form one cluster: " + cluster.members());
            Thread.sleep(100);
        }
        // The client's connection to each member is opened before the first test (LeakCheck
        // counts a socket opened during a test and kept as leaked).
        for (java.util.concurrent.Future<?> answer : cluster.instance().getExecutorService(Configs.EXECUTOR)
                .submitToMembers(new DriverTask("none", DriverTask.Action.PIDS), Configs::runsChunks).values()) {
            answer.get(60, TimeUnit.SECONDS);
        }
        // And whatever a driver's first map opens (a connection a smart client makes lazily,
        // under load only after the warm-up above), before the first test's leak check starts.
        try (Pool pool = cluster.context().pool()) {
            assertEquals(List.of(1, 4, 9), pool.map((Integer x) -> x * x, List.of(1, 2, 3), 1));
        }
    }

    /** A member JVM on loopback, with two workers per pool and Hazelcast's phone-home off by both switches. */
    static NativeChild startMember(String port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return NativeChild.builder(List.of("env", "HZ_PHONE_HOME_ENABLED=false", java,
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dhazelcast.phone.home.enabled=false",
                "-cp", System.getProperty("java.class.path"),
                "org.multiprocessing4j.cluster.Member", "--cluster-name", NAME, "--bind", "127.0.0.1",
                "--port", port, "--workers", "2", "--join", String.join(",", ADDRESSES))).start();
    }

    @AfterAll
    static void stopMembers() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
        for (NativeChild member : MEMBERS) {
            member.terminate();
        }
        for (NativeChild member : MEMBERS) {
            member.waitFor(Duration.ofSeconds(30));
            member.close();
        }
    }

    /** {@code Multiprocessing.context("cluster")} on these members: its {@link Cluster#shared()} is their client. */
    static Context clusterContext() {
        System.setProperty(Cluster.PROPERTY, String.join(",", ADDRESSES));
        System.setProperty(Cluster.NAME_PROPERTY, NAME);
        return Multiprocessing.context("cluster");
    }

    /** Closes the cluster context's client (LeakCheck counts its sockets) and forgets the members. */
    static void leaveClusterContext() {
        System.clearProperty(Cluster.PROPERTY);
        System.clearProperty(Cluster.NAME_PROPERTY);
        Cluster.shared().close();
    }

    /** "member-uuid pid" of the worker that ran the task. */
    static String where() {
        return System.getProperty(Cluster.MEMBER_PROPERTY) + " " + ProcessHandle.current().pid();
    }

    @Test
    @Order(1)
    void mapRunsOnTheMembersWorkersAndReturnsTheResultsInOrder() throws Exception {
        try (Pool pool = cluster.context().pool()) {
            assertEquals(6, pool.getProcesses());
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                items.add(i);
            }
            List<String> results = pool.map(x -> {
                Thread.sleep(100);
                return x * x + " " + where();
            }, items, 1);
            Set<String> members = new HashSet<>();
            Set<String> workers = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                String[] parts = results.get(i).split(" ");
                assertEquals(Integer.toString(i * i), parts[0]);
                members.add(parts[1]);
                workers.add(parts[1] + " " + parts[2]);
                assertTrue(Long.parseLong(parts[2]) != ProcessHandle.current().pid());
            }
            assertTrue(members.size() >= 2, "tasks ran on " + members);
            for (String member : members) {
                assertTrue(cluster.members().toString().contains("member " + member + " at 127.0.0.1:"),
                        member + " not in " + cluster.members());
            }
            assertTrue(workers.size() >= 3, "tasks ran in " + workers);
            List<Long> pids = pool.getWorkerPids();
            for (String worker : workers) {
                assertTrue(pids.contains(Long.parseLong(worker.split(" ")[1])), worker + " not in " + pids);
            }
        }
    }

    @Test
    @Order(2)
    void aWorkerKilledOnAMemberFailsItsTaskAloneNamingMemberAndPid() throws Exception {
        try (Pool pool = cluster.context().pool(2)) {
            AsyncResult<Object> dies = pool.applyAsync(() -> {
                Runtime.getRuntime().halt(3);
                return null;
            });
            AsyncResult<String> lives = pool.applyAsync(() -> "alive");
            ExecutionException error = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> dies.get(60, TimeUnit.SECONDS));
            WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, error.getCause());
            assertEquals(3, died.getExitCode());
            assertTrue(died.getPid() > 0);
            assertTrue(died.getMessage().matches("worker of member [0-9a-f-]{36} at 127\\.0\\.0\\.1:\\d+ \\(pid "
                    + died.getPid() + "\\) died with exit code 3 while it ran this task"), died.getMessage());
            assertEquals("alive", lives.get(60, TimeUnit.SECONDS));
            assertEquals(42, pool.<Integer, Integer>apply(x -> x * 2, 21));
            List<Integer> ordered = new ArrayList<>();
            pool.<Integer, Integer>imap(x -> x + 1, List.of(1, 2, 3)).forEachRemaining(ordered::add);
            assertEquals(List.of(2, 3, 4), ordered);
            assertEquals(3, cluster.members().size());
        }
    }

    @Test
    @Order(3)
    void queuesADictANamespaceAnEventAndAValueAreSharedByProcessesJoinedThroughDifferentMembers() throws Exception {
        String name = NAME;
        String first = ADDRESSES.get(0);
        String second = ADDRESSES.get(1);
        ClusterJoinableQueue<Integer> tasks = cluster.context().joinableQueue("shared-tasks");
        Process producer = new Process(() -> {
            try (Cluster c = Cluster.builder().clusterName(name).addresses(first).join()) {
                c.context().<String, Long>dict("shared-dict").put("producer", ProcessHandle.current().pid());
                c.context().namespace("shared-ns").set("from", "producer");
                for (int i = 1; i <= 3; i++) {
                    c.context().<Integer>joinableQueue("shared-tasks").put(i);
                }
                c.context().<String>queue("shared-queue").put("hello from " + ProcessHandle.current().pid());
                c.context().event("shared-go").set();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Process consumer = new Process(() -> {
            try (Cluster c = Cluster.builder().clusterName(name).addresses(second).join()) {
                if (!c.context().event("shared-go").await(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("the producer's event never came");
                }
                String message = c.context().<String>queue("shared-queue").get(Duration.ofSeconds(60));
                Map<String, Object> dict = c.context().dict("shared-dict");
                dict.put("consumer got", message + " / " + dict.get("producer") + " / "
                        + c.context().namespace("shared-ns").get("from"));
                ClusterJoinableQueue<Integer> work = c.context().joinableQueue("shared-tasks");
                ClusterValue<Integer> sum = c.context().value("shared-sum", 0);
                for (int i = 0; i < 3; i++) {
                    int task = work.get(Duration.ofSeconds(60));
                    sum.update(x -> x + task);
                    work.taskDone();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        consumer.start();
        producer.start();
        producer.join(Duration.ofSeconds(90));
        consumer.join(Duration.ofSeconds(90));
        assertEquals(0, producer.getExitCode());
        assertEquals(0, consumer.getExitCode());
        ConcurrentMap<String, Object> dict = cluster.context().dict("shared-dict");
        long producerPid = (Long) dict.get("producer");
        assertEquals(producer.getPid(), producerPid);
        assertEquals("hello from " + producerPid + " / " + producerPid + " / producer", dict.get("consumer got"));
        assertTrue(cluster.context().queue("shared-queue").empty());
        assertTrue(tasks.join(Duration.ofSeconds(30)), "tasks left: " + tasks.unfinishedTasks());
        assertEquals(6, cluster.context().value("shared-sum", 0).get());
    }

    /**
     * Unchanged user code on {@code Multiprocessing.context("cluster")}: its queue, joinable
     * queue and manager's dict and namespace are the library's types, and a local child and a
     * pool task on a member (a worker JVM of another machine, as far as they know) share them.
     */
    @Test
    @Order(3)
    void theClusterContextsQueuesAndDictsAreSharedByALocalChildAndAPoolTaskOnAMember() throws Exception {
        Context context = clusterContext();
        try (SyncManager manager = context.manager()) {
            Queue<String> queue = context.queue();
            JoinableQueue<Integer> tasks = context.joinableQueue();
            DictProxy<String, Object> dict = manager.dict();
            NamespaceProxy ns = manager.namespace(Map.of("from", "the parent"));
            AcquirerProxy lock = manager.lock();
            ValueProxy<Integer> count = manager.value("i", 0);
            EventProxy childCounted = manager.event();
            Process child = context.process(() -> {
                queue.put("child " + ProcessHandle.current().pid());
                dict.put("child", ProcessHandle.current().pid());
                ns.set("child", "was here");
                countUnder(lock, count, 20);
                childCounted.set();
                for (int i = 0; i < 2; i++) {
                    tasks.get(Duration.ofSeconds(60));
                    tasks.taskDone();
                }
            });
            child.start();
            String task;
            try (Pool pool = context.pool(1)) {
                task = pool.apply(() -> {
                    queue.put("task " + where());
                    countUnder(lock, count, 20);
                    dict.put("task", where() + " " + ns.get("from") + " " + childCounted.await(Duration.ofSeconds(60)));
                    tasks.put(1);
                    tasks.put(2);
                    return where();
                });
            }
            assertTrue(tasks.join(Duration.ofSeconds(60)), "the child did not finish the pool task's tasks");
            child.join(Duration.ofSeconds(30));
            assertEquals(0, child.getExitCode());
            Set<String> messages = new HashSet<>(List.of(queue.get(Duration.ofSeconds(5)), queue.get(Duration.ofSeconds(5))));
            assertEquals(Set.of("child " + child.getPid(), "task " + task), messages);
            String member = task.split(" ")[0];
            long worker = Long.parseLong(task.split(" ")[1]);
            assertTrue(cluster.members().toString().contains("member " + member + " at 127.0.0.1:"), task);
            assertTrue(worker != child.getPid() && worker != ProcessHandle.current().pid(), task);
            assertTrue(queue.empty());
            assertEquals(0, queue.qsize());
            assertEquals(Map.of("child", child.getPid(), "task", task + " the parent true"), Map.copyOf(dict));
            assertEquals(40, count.get());
            assertTrue(childCounted.isSet());
            assertEquals("Value('i', 40)", count.callMethod("__repr__"));
            // Lock is Python's Lock: another thread may release it; RLock is the holder thread's.
            lock.acquire();
            Thread releaser = new Thread(lock::release);
            releaser.start();
            releaser.join();
            assertTrue(lock.acquire(false));
            lock.release();
            assertThrows(IllegalStateException.class, lock::release);
            AcquirerProxy rLock = manager.rLock();
            rLock.acquire();
            assertTrue(rLock.acquire(false));
            AtomicInteger refused = new AtomicInteger();
            Thread other = new Thread(() -> {
                refused.set(rLock.acquire(false) ? 0 : 1);
                try {
                    rLock.release();
                } catch (IllegalStateException expected) {
                    refused.incrementAndGet();
                }
            });
            other.start();
            other.join();
            assertEquals(2, refused.get());
            rLock.release();
            rLock.release();
            assertThrows(IllegalStateException.class, rLock::release);
            assertEquals(Map.of("from", "the parent", "child", "was here"), ns.getAttributes());
            assertEquals("was here", ns.get("child"));
            assertTrue(ns.toString().startsWith("Namespace("), ns.toString());
            assertEquals("child", dict.keySet().stream().sorted().findFirst().orElseThrow());
            assertEquals(child.getPid(), dict.remove("child"));
            assertEquals(1, dict.size());
            // What the cluster does not keep stays in the manager's process.
            assertEquals(2, manager.barrier(2).getParties());
        } finally {
            leaveClusterContext();
        }
    }

    /**
     * Chaos through the cluster context's own queues: a child gets a task of a
     * {@code ctx.joinableQueue()} and is SIGKILLed before {@code task_done()}; {@code join()}
     * counts its task out once the members have seen it go, instead of waiting for ever. And the
     * bounded {@code ctx.queue(1)} answers as CPython's does.
     */
    @Test
    @Order(3)
    void theClusterContextsJoinableQueueCountsOutAKilledConsumersTask() throws Exception {
        Context context = clusterContext();
        try (SyncManager manager = context.manager()) {
            AcquirerProxy lock = manager.lock();
            JoinableQueue<String> tasks = context.joinableQueue();
            Queue<Long> got = context.queue(1);
            assertEquals(1, got.getMaxSize());
            tasks.put("a task it never finishes");
            tasks.put("a task it finishes");
            Process consumer = context.process(() -> {
                tasks.get();
                tasks.taskDone();
                tasks.get();
                lock.acquire();
                got.put(ProcessHandle.current().pid());
                Thread.sleep(120_000);
            });
            consumer.start();
            try {
                assertEquals(consumer.getPid(), got.get(Duration.ofSeconds(60)));
                assertFalse(tasks.join(Duration.ofMillis(200)));
                assertFalse(lock.acquire(false));
                consumer.kill();
                consumer.join(Duration.ofSeconds(30));
                assertEquals(-9, consumer.getExitCode());
                assertTrue(tasks.join(Duration.ofSeconds(60)), "join waited on the dead consumer's task");
                assertTrue(lock.acquire(Duration.ofSeconds(60)), "the dead consumer kept the manager's lock");
                lock.release();
                assertThrows(IllegalStateException.class, tasks::taskDone);
            } finally {
                killIfAlive(consumer);
            }
            got.put(7L);
            assertTrue(got.full());
            assertThrows(Full.class, () -> got.put(8L, Duration.ofMillis(50)));
            assertEquals(1, got.qsize());
            assertEquals(7L, got.getNowait());
            assertThrows(Empty.class, () -> got.get(Duration.ofMillis(50)));
            got.close();
            assertThrows(IllegalStateException.class, () -> got.put(9L));
            got.joinThread();
        } finally {
            leaveClusterContext();
        }
    }

    /**
     * A cluster manager's {@code Semaphore} is one count for this process, a local child and a
     * pool task on a member, with Python's answers: a taken semaphore refuses a non-blocking
     * acquire and times out a blocking one; anyone may release it; a {@code BoundedSemaphore}
     * released above its value is Python's ValueError and keeps its count; a process SIGKILLed
     * while it waits in acquire takes nothing. The count stays on the cluster once the manager is
     * shut down.
     */
    @Test
    @Order(3)
    void theClusterContextsSemaphoresCountForEveryProcessAttached() throws Exception {
        Context context = clusterContext();
        try (SyncManager manager = context.manager()) {
            AcquirerProxy slots = manager.semaphore(2);
            EventProxy childHolds = manager.event();
            EventProxy childMayGo = manager.event();
            assertTrue(slots.acquire(false));
            Process child = context.process(() -> {
                slots.acquire();
                childHolds.set();
                childMayGo.await(Duration.ofSeconds(60));
                slots.release();
                slots.release(); // the parent's permit: a semaphore has no owner
            });
            child.start();
            assertTrue(childHolds.await(Duration.ofSeconds(60)), "the child did not take the second permit");
            assertFalse(slots.acquire(false), "both permits are taken");
            long waited = System.nanoTime();
            assertFalse(slots.acquire(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - waited >= TimeUnit.MILLISECONDS.toNanos(200), "a timed acquire returned early");
            childMayGo.set();
            String task;
            try (Pool pool = context.pool(1)) {
                task = pool.apply(() -> {
                    boolean both = slots.acquire(Duration.ofSeconds(60)) && slots.acquire(Duration.ofSeconds(60));
                    boolean third = slots.acquire(false);
                    slots.release();
                    slots.release();
                    return where() + " " + both + " " + third;
                });
            }
            child.join(Duration.ofSeconds(30));
            assertEquals(0, child.getExitCode());
            assertTrue(task.endsWith(" true false"), task);
            assertTrue(cluster.members().toString().contains("member " + task.split(" ")[0] + " at 127.0.0.1:"), task);
            assertTrue(slots.acquire(false) && slots.acquire(false), "the permits did not come back");
            assertFalse(slots.acquire(false));
            slots.release();
            slots.release();
            slots.release(); // above its value: a plain Semaphore allows it, as Python's
            assertTrue(slots.callMethod("__repr__").toString().contains("Semaphore of the cluster"), slots.toString());
            assertTrue(slots.callMethod("__repr__").toString().endsWith("value=3>"), slots.callMethod("__repr__").toString());

            AcquirerProxy bounded = manager.boundedSemaphore(1);
            assertTrue(bounded.acquire(false));
            assertFalse(bounded.acquire(false));
            bounded.release();
            IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, bounded::release);
            assertTrue(tooMany.getMessage().contains("ValueError: Semaphore released too many times"), tooMany.getMessage());
            assertTrue(bounded.callMethod("__repr__").toString().endsWith("value=1/1>"), bounded.callMethod("__repr__").toString());
            assertTrue(bounded.acquire(false), "a refused release changed the count");
            bounded.release();
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> manager.semaphore(-1));
            assertTrue(negative.getMessage().contains("ValueError: semaphore initial value must be >= 0"), negative.getMessage());
            // A process SIGKILLed while it waits in acquire takes nothing with it.
            AcquirerProxy none = manager.semaphore(0);
            Process blocked = context.process(() -> none.acquire());
            blocked.start();
            try {
                Thread.sleep(300);
                blocked.kill();
                blocked.join(Duration.ofSeconds(30));
                assertEquals(-9, blocked.getExitCode());
                none.release();
                assertTrue(none.acquire(false), "the killed waiter took the permit given after it died");
                assertFalse(none.acquire(false));
            } finally {
                killIfAlive(blocked);
            }
            // The count is the cluster's: no manager is asked, so none needs to be running.
            manager.shutdown();
            assertTrue(slots.acquire(false));
            slots.release();
        } finally {
            leaveClusterContext();
        }
    }

    /**
     * A cluster manager's {@code list} and {@code Array} are one object for this process, a
     * local child and a pool task on a member, changing it at the same time without losing a
     * change, with Python's methods and errors, also once the manager is shut down.
     */
    @Test
    @Order(3)
    void theClusterContextsListsAndArraysAreOneObjectForEveryProcessAttached() throws Exception {
        Context context = clusterContext();
        try (SyncManager manager = context.manager()) {
            ListProxy<Object> list = manager.list(List.of(1, 2));
            ArrayProxy<Object> array = manager.array("i", List.of(0, 0, 0));
            Process child = context.process(() -> {
                for (int i = 0; i < 20; i++) {
                    list.add("child");
                }
                array.set(0, 7);
            });
            child.start();
            String task;
            try (Pool pool = context.pool(1)) {
                task = pool.apply(() -> {
                    for (int i = 0; i < 20; i++) {
                        list.add("task");
                    }
                    array.set(1, 8);
                    return where() + " " + list.get(0);
                });
            }
            child.join(Duration.ofSeconds(60));
            assertEquals(0, child.getExitCode());
            assertTrue(cluster.members().toString().contains("member " + task.split(" ")[0] + " at 127.0.0.1:"), task);
            assertTrue(task.endsWith(" 1"), task);
            assertEquals(42, list.size(), "a change was lost: " + list.getValue());
            assertEquals(20, list.count("child"));
            assertEquals(20, list.count("task"));
            assertEquals(List.of(1, 2), list.getValue().subList(0, 2));
            assertEquals("task", list.remove(41));
            list.add(0, "first");
            assertEquals(0, list.indexOf("first"));
            assertTrue(list.contains(2));
            assertThrows(IndexOutOfBoundsException.class, () -> list.get(99));
            assertFalse(list.remove("never there"));
            assertEquals(42, list.size());
            list.clear();
            assertEquals(0, list.size());

            assertEquals(List.of(7, 8, 0), array.toList());
            assertEquals(3, array.length());
            assertThrows(IndexOutOfBoundsException.class, () -> array.get(3));
            IllegalArgumentException notAnInt = assertThrows(IllegalArgumentException.class, () -> array.set(2, "x"));
            assertTrue(notAnInt.getMessage().contains("TypeError"), notAnInt.getMessage());
            assertEquals(List.of(7, 8, 0), array.toList(), "a refused set changed the array");
            assertEquals("array('i', [7, 8, 0])", array.callMethod("__repr__"));
            IllegalArgumentException badValues = assertThrows(IllegalArgumentException.class, () -> manager.array("i", List.of("x")));
            assertTrue(badValues.getMessage().contains("TypeError"), badValues.getMessage());
            // The objects are the cluster's: no manager is asked, so none needs to be running.
            manager.shutdown();
            list.add("after");
            assertEquals(List.of("after"), list.getValue());
            array.set(2, 9);
            assertEquals(9, array.get(2));
        } finally {
            leaveClusterContext();
        }
    }

    /**
     * A process SIGKILLed in the middle of changing a cluster manager's {@code list} (its sort's
     * comparator never returns, the list's lock held) neither changes the list nor blocks the
     * next change for ever: the members release its lock once they see it gone.
     */
    @Test
    @Order(3)
    void aClusterListsNextChangeGoesOnOnceAProcessKilledInTheMiddleOfOneIsGone() throws Exception {
        Context context = clusterContext();
        try (SyncManager manager = context.manager()) {
            ListProxy<Object> list = manager.list(List.of(2, 1));
            EventProxy sorting = manager.event();
            Process sorter = context.process(() -> list.sort((a, b) -> {
                sorting.set();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }));
            sorter.start();
            try {
                assertTrue(sorting.await(Duration.ofSeconds(60)), "the sorter did not start sorting");
                sorter.kill();
                sorter.join(Duration.ofSeconds(30));
                assertEquals(-9, sorter.getExitCode());
                list.add(3);
                assertEquals(List.of(2, 1, 3), list.getValue(), "the killed sort changed the list");
            } finally {
                killIfAlive(sorter);
            }
        } finally {
            leaveClusterContext();
        }
    }

    /**
     * A cluster manager's {@code Barrier} lets this process, a local child and a pool task on a
     * member through together, each with its own arrival index, and answers as Python's does: a
     * time-out breaks the round, a broken barrier refuses until reset, abort breaks it. A party
     * SIGKILLed while it waits breaks the round for the one left waiting instead of leaving it
     * there for ever.
     */
    @Test
    @Order(3)
    void theClusterContextsBarrierGathersEveryProcessAttachedAndADeadPartyBreaksTheRound() throws Exception {
        Context context = clusterContext();
        try (SyncManager manager = context.manager()) {
            BarrierProxy three = manager.barrier(3);
            DictProxy<String, Integer> indices = manager.dict();
            assertEquals(3, three.getParties());
            Process child = context.process(() -> indices.put("child", three.await(Duration.ofSeconds(60))));
            child.start();
            try (Pool pool = context.pool(1)) {
                AsyncResult<Integer> onMember = pool.applyAsync(() -> three.await(Duration.ofSeconds(60)));
                indices.put("parent", three.await(Duration.ofSeconds(60)));
                indices.put("member", onMember.get(Duration.ofSeconds(60)));
            }
            child.join(Duration.ofSeconds(60));
            assertEquals(0, child.getExitCode());
            assertEquals(Set.of(0, 1, 2), new HashSet<>(indices.values()), indices.toString());
            assertEquals(0, three.getNumberWaiting());
            assertFalse(three.isBroken());

            BarrierProxy two = manager.barrier(2);
            long waited = System.nanoTime();
            assertThrows(BrokenBarrierException.class, () -> two.await(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - waited >= TimeUnit.MILLISECONDS.toNanos(200), "a timed wait returned early");
            assertTrue(two.isBroken());
            assertThrows(BrokenBarrierException.class, () -> two.await(Duration.ofSeconds(5)));
            two.reset();
            assertFalse(two.isBroken());
            two.abort();
            assertTrue(two.isBroken());
            two.reset();
            assertTrue(two.callMethod("__repr__").toString().endsWith("waiters=0/2>"), two.callMethod("__repr__").toString());
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> manager.barrier(0));
            assertTrue(none.getMessage().contains("ValueError: parties must be > 0"), none.getMessage());

            Process waiter = context.process(() -> three.await());
            waiter.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (three.getNumberWaiting() < 1) {
                    assertTrue(System.nanoTime() < deadline, "the waiter never waited");
                    Thread.sleep(20);
                }
                AsyncResult<Integer> survivor;
                try (Pool pool = context.pool(1)) {
                    survivor = pool.applyAsync(() -> three.await());
                    while (three.getNumberWaiting() < 2) {
                        assertTrue(System.nanoTime() < deadline, "the pool task never waited");
                        Thread.sleep(20);
                    }
                    waiter.kill();
                    waiter.join(Duration.ofSeconds(30));
                    assertEquals(-9, waiter.getExitCode());
                    ExecutionException broken = assertThrows(ExecutionException.class, () -> survivor.get(Duration.ofSeconds(90)));
                    assertTrue(broken.getCause() instanceof BrokenBarrierException, String.valueOf(broken.getCause()));
                }
                assertTrue(three.isBroken());
            } finally {
                killIfAlive(waiter);
            }
        } finally {
            leaveClusterContext();
        }
    }

    /**
     * A cluster manager's {@code Condition} wakes waiters in a local child and in a pool task on
     * a member, with Python's answers (no wait without the lock, a timed-out wait), over a new
     * RLock or the cluster's {@code Lock} it was made with; and a notify passes over a waiter
     * SIGKILLed while it waits, so that its one wake-up reaches the living waiter behind it.
     */
    @Test
    @Order(3)
    void theClusterContextsConditionWakesWaitersOfEveryProcessAttachedAndPassesOverADeadOne() throws Exception {
        Context context = clusterContext();
        try (SyncManager manager = context.manager()) {
            ConditionProxy ready = manager.condition();
            ValueProxy<Integer> count = manager.value("i", 0);
            DictProxy<String, Object> seen = manager.dict();
            Process child = context.process(() -> {
                ready.acquire();
                try {
                    seen.put("child", ready.waitFor(() -> count.get() > 0, Duration.ofSeconds(60)));
                } finally {
                    ready.release();
                }
            });
            child.start();
            String onMember;
            try (Pool pool = context.pool(1)) {
                AsyncResult<String> task = pool.applyAsync(() -> {
                    ready.acquire();
                    try {
                        return where() + " " + ready.waitFor(() -> count.get() > 0, Duration.ofSeconds(60));
                    } finally {
                        ready.release();
                    }
                });
                awaitWaiters(ready, 2);
                ready.acquire();
                count.set(1);
                ready.signalAll();
                ready.release();
                onMember = task.get(Duration.ofSeconds(60));
            }
            child.join(Duration.ofSeconds(60));
            assertEquals(0, child.getExitCode());
            assertEquals(true, seen.get("child"));
            assertTrue(onMember.endsWith(" true"), onMember);
            assertTrue(cluster.members().toString().contains("member " + onMember.split(" ")[0] + " at 127.0.0.1:"), onMember);
            IllegalStateException unlocked = assertThrows(IllegalStateException.class, () -> ready.await(Duration.ofMillis(10)));
            assertTrue(unlocked.getMessage().contains("RuntimeError: cannot wait on un-acquired lock"), unlocked.getMessage());
            ready.acquire();
            long waited = System.nanoTime();
            assertFalse(ready.await(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - waited >= TimeUnit.MILLISECONDS.toNanos(200), "a timed wait returned early");
            // A wait lets every hold of its RLock go, and takes them all back.
            ready.acquire();
            Process notifier = context.process(() -> {
                ready.acquire();
                ready.signal();
                ready.release();
            });
            notifier.start();
            assertTrue(ready.await(Duration.ofSeconds(60)), "the notifier could not take the lock held twice");
            notifier.join(Duration.ofSeconds(30));
            assertEquals(0, notifier.getExitCode());
            ready.release();
            assertTrue(ready.acquire(false), "the second hold was not taken back");
            ready.release();
            ready.release();

            AcquirerProxy lock = manager.lock();
            ConditionProxy overLock = manager.condition(lock);
            overLock.acquire();
            assertFalse(lock.acquire(false), "the condition's lock is not the Lock it was made with");
            overLock.release();
            AcquirerProxy doomedHolds = manager.lock();
            Process doomed = context.process(() -> {
                doomedHolds.acquire();
                overLock.acquire();
                overLock.await();
            });
            doomed.start();
            Process survivor = null;
            try {
                awaitWaiters(overLock, 1);
                survivor = context.process(() -> {
                    overLock.acquire();
                    try {
                        seen.put("survivor", overLock.await(Duration.ofSeconds(60)));
                    } finally {
                        overLock.release();
                    }
                });
                survivor.start();
                awaitWaiters(overLock, 2);
                doomed.kill();
                doomed.join(Duration.ofSeconds(30));
                assertEquals(-9, doomed.getExitCode());
                assertTrue(doomedHolds.acquire(Duration.ofSeconds(60)), "the members never saw the doomed waiter go");
                doomedHolds.release();
                // Listed still, but no longer counted among the waiters a notify can wake.
                awaitWaiters(overLock, 1);
                overLock.acquire();
                overLock.signal(1);
                overLock.release();
                survivor.join(Duration.ofSeconds(90));
                assertEquals(0, survivor.getExitCode());
                assertEquals(true, seen.get("survivor"), "the one wake-up went to the dead waiter");
            } finally {
                killIfAlive(doomed);
                if (survivor != null) {
                    killIfAlive(survivor);
                }
            }
        } finally {
            leaveClusterContext();
        }
    }

    /** Waits until {@code condition} has {@code waiters} waiting (its repr says how many). */
    static void awaitWaiters(ConditionProxy condition, int waiters) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.callMethod("__repr__").toString().endsWith(", " + waiters + ")>")) {
            assertTrue(System.nanoTime() < deadline, "not " + waiters + " waiting: " + condition.callMethod("__repr__"));
            Thread.sleep(20);
        }
    }

    /** Ends {@code process} with SIGKILL if a failed assertion left it running. */
    static void killIfAlive(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.kill();
            process.join(Duration.ofSeconds(30));
        }
    }

    /** Adds 1 to {@code count} {@code times}, each under {@code lock}: Python's {@code with lock: v.value += 1}. */
    static void countUnder(AcquirerProxy lock, ValueProxy<Integer> count, int times) {
        for (int i = 0; i < times; i++) {
            lock.acquire();
            try {
                count.set(count.get() + 1);
            } finally {
                lock.release();
            }
        }
    }

    /** A class no policy allows whose readObject leaves a mark: what an attacker would send a member. */
    static final class Hostile implements java.util.concurrent.Callable<String>, java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String mark;

        Hostile(String mark) {
            this.mark = mark;
        }

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            Files.writeString(Path.of(mark), "instantiated in " + ProcessHandle.current().pid());
        }

        @Override
        public String call() {
            return "ran";
        }
    }

    @Test
    @Order(3)
    void aMemberRefusesAClassTheSerializationPolicyDoesNotAllowBeforeAnyOfItsCodeRuns() throws Exception {
        Path dir = Files.createTempDirectory("cluster-hostile-");
        Path mark = dir.resolve("mark");
        try {
            com.hazelcast.cluster.Member member = cluster.instance().getCluster().getMembers().iterator().next();
            java.util.concurrent.Future<String> answer = cluster.instance().getExecutorService(Configs.EXECUTOR)
                    .submitToMember(new Hostile(mark.toString()), member);
            ExecutionException error = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> answer.get(60, TimeUnit.SECONDS));
            assertTrue(String.valueOf(error.getCause()).contains(Hostile.class.getName()), String.valueOf(error.getCause()));
            assertTrue(!Files.exists(mark), "the hostile class was instantiated on the member: " + (Files.exists(mark)
                    ? Files.readString(mark) : ""));
        } finally {
            Files.deleteIfExists(mark);
            Files.delete(dir);
        }
    }

    @Test
    @Order(4)
    void theDriversDeathEndsItsWorkOnTheMembers() throws Exception {
        String name = NAME;
        String address = ADDRESSES.get(0);
        Path dir = Files.createTempDirectory("cluster-driver-");
        String started = dir.toString();
        Process driver = new Process(() -> {
            try (Cluster c = Cluster.builder().clusterName(name).addresses(address).join();
                 Pool pool = c.context().pool(6)) {
                pool.map(x -> {
                    Files.writeString(Path.of(started, Long.toString(ProcessHandle.current().pid())), where());
                    Thread.sleep(120_000);
                    return x;
                }, List.of(1, 2, 3, 4, 5, 6), 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            driver.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (workersIn(dir).size() < 6) {
                assertTrue(System.nanoTime() < deadline, "the driver's tasks did not start: " + workersIn(dir));
                Thread.sleep(100);
            }
            Set<String> members = new HashSet<>();
            for (Path file : workersIn(dir)) {
                members.add(Files.readString(file).split(" ")[0]);
            }
            assertTrue(members.size() >= 2, "the driver's tasks ran on " + members);
            driver.kill();
            driver.join(Duration.ofSeconds(30));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Path file : workersIn(dir)) {
                long pid = Long.parseLong(file.getFileName().toString());
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    assertTrue(System.nanoTime() < deadline, "worker " + pid + " of a dead driver still runs");
                    Thread.sleep(100);
                }
            }
            assertEquals(3, cluster.members().size());
        } finally {
            for (Path file : workersIn(dir)) {
                Files.delete(file);
            }
            Files.delete(dir);
        }
    }

    private static List<Path> workersIn(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.collect(java.util.stream.Collectors.toList());
        }
    }

    @Test
    @Order(5)
    void aMemberKilledMidMapHasItsChunksRunElsewhereAndTheMapCompletes() throws Exception {
        NativeChild victim = MEMBERS.get(2);
        try (Pool pool = cluster.context().pool()) {
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                items.add(i);
            }
            AtomicInteger done = new AtomicInteger();
            AsyncResult<List<Integer>> result = pool.mapAsync(x -> {
                Thread.sleep(400);
                return x + 1000;
            }, items, 1, null, null, (finished, total) -> done.set(finished));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (done.get() < 6) {
                assertTrue(System.nanoTime() < deadline, "no progress");
                Thread.sleep(20);
            }
            victim.kill();
            assertEquals(-9, victim.waitFor());
            List<Integer> values = result.get(120, TimeUnit.SECONDS);
            for (int i = 0; i < items.size(); i++) {
                assertEquals(i + 1000, values.get(i));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cluster.members().size() != 2) {
            assertTrue(System.nanoTime() < deadline, "the killed member is still listed: " + cluster.members());
            Thread.sleep(100);
        }
    }
}
