package org.multiprocessing4j.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.NativeChild;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.engine.Queues;
import org.multiprocessing4j.queues.Empty;
import org.multiprocessing4j.queues.Full;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.serialization.ClassRefusedException;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;
import org.multiprocessing4j.function.SerializableCallable;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.pool.ProcessPoolExecutor;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster in this JVM only: configuration, the embedded member's queue and dict, an unreachable cluster. */
@Timeout(120)
class ClusterBasicsTest {
    private static Cluster cluster;

    @BeforeAll
    static void startEmbedded() {
        cluster = Cluster.builder().workers(1).embedded();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Waits, at most {@code timeout}, until no descriptor of this JVM is a socket that no table of
     * /proc/net lists: a TCP connection that its peer reset and that Hazelcast closed, whose
     * descriptor the JDK releases only once the selector it was registered with selects again
     * (a channel's close is deferred while it is registered). The member's end of the killed
     * client's connection is one for up to about 5 s after the members drop the client, which
     * they do anywhere from under a second to 10 s after the kill: longer than the leak check's
     * grace when they are quick. A socket left open (listening, connected, half-closed) is listed
     * there and is not waited for: the leak check still reports it. Linux only; elsewhere it
     * returns at once.
     */
    static void awaitResetSocketsReleased(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !unlistedSockets().isEmpty()) {
            Thread.sleep(50);
        }
    }

    /** This JVM's socket descriptors whose inode no table of /proc/net lists; none outside Linux. */
    private static List<String> unlistedSockets() throws IOException {
        Set<String> listed = new HashSet<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6", "unix", "netlink", "raw", "raw6")) {
            Path path = Path.of("/proc/net", table);
            if (Files.isReadable(path)) {
                for (String line : Files.readAllLines(path)) {
                    listed.addAll(List.of(line.trim().split("\\s+")));
                }
            }
        }
        return org.multiprocessing4j.testing.ProcFs.descriptors("self").values().stream()
                .filter(target -> target.startsWith("socket:[")
                        && !listed.contains(target.substring("socket:[".length(), target.length() - 1)))
                .toList();
    }

    /** A port nothing listens on (it was free a moment ago). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Members answer each other with Hazelcast's exceptions through the library's serializer: one
     * it refused was an answer dropped, and the call waited out the operation timeout (120 s)
     * where Hazelcast would have sent it again (a put to a partition that had just moved).
     */
    @Test
    void theExceptionsMembersAnswerEachOtherWithAreReadBackAndNothingElseOfHazelcastIs() throws Exception {
        Serializer cluster = Serializer.jdk(PolicySerializer.POLICY);
        com.hazelcast.cluster.Member member = new com.hazelcast.cluster.impl.MemberImpl(
                new com.hazelcast.cluster.Address("127.0.0.1", 5701), com.hazelcast.version.MemberVersion.of(5, 7, 0), false,
                UUID.randomUUID());
        List<Exception> answers = List.of(
                new com.hazelcast.spi.exception.WrongTargetException(member, member, 85, 0, "PutOperation", "hz:impl:mapService"),
                new com.hazelcast.spi.exception.PartitionMigratingException(member.getAddress(), 3, "PutOperation", "hz:impl:mapService"),
                new com.hazelcast.spi.exception.TargetNotMemberException(member, 3, "PutOperation", "hz:impl:mapService"),
                new com.hazelcast.core.MemberLeftException(member),
                new com.hazelcast.core.HazelcastInstanceNotActiveException(),
                new com.hazelcast.core.OperationTimeoutException("late"));
        for (Exception answer : answers) {
            assertThrows(ClassRefusedException.class, () -> Serializer.jdk().loads(Serializer.jdk().dumps(answer)),
                    "refused by the standard policy, as before: " + answer);
            Object back = cluster.loads(cluster.dumps(answer));
            assertEquals(answer.getClass(), back.getClass());
            assertEquals(answer.getMessage(), ((Throwable) back).getMessage());
        }
        // Nothing else of Hazelcast's jar: a serializable class of it that is not an exception.
        UUID uuid = member.getUuid();
        assertEquals(uuid, cluster.loads(cluster.dumps(uuid)), "the JDK's values as ever");
        ClassRefusedException refused = assertThrows(ClassRefusedException.class,
                () -> cluster.loads(cluster.dumps(new com.hazelcast.aggregation.impl.CountAggregator<>())));
        assertEquals(com.hazelcast.aggregation.impl.CountAggregator.class.getName(), refused.getClassName());
    }

    @Test
    void everyMemberConfigurationStaysOnTheInterfaceNamedAndCallsNobody() {
        Config config = Configs.member("c", "127.0.0.1", 5701, List.of("127.0.0.1:5702"), 2);
        assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("slf4j", config.getProperty("hazelcast.logging.type"));
        assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled());
        assertFalse(join.getAutoDetectionConfig().isEnabled());
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("127.0.0.1:5702"), join.getTcpIpConfig().getMembers());
        assertEquals(List.of("127.0.0.1"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
        assertEquals("2", config.getMemberAttributeConfig().getAttribute(Configs.WORKERS_ATTRIBUTE));
        assertTrue(config.getSerializationConfig().getGlobalSerializerConfig().getImplementation() instanceof PolicySerializer);
        assertTrue(config.getSerializationConfig().getGlobalSerializerConfig().isOverrideJavaSerialization());
        assertFalse(config.getSerializationConfig().getJavaSerializationFilterConfig().isDefaultsDisabled());
        assertTrue(Configs.client("c", List.of("127.0.0.1:5701"), Duration.ofSeconds(1)).getSerializationConfig()
                .getGlobalSerializerConfig().getImplementation() instanceof PolicySerializer);
        assertEquals("false", Configs.client("c", List.of("127.0.0.1:5701"), Duration.ofSeconds(1))
                .getProperty("hazelcast.phone.home.enabled"));
    }

    @Test
    void theEmbeddedMemberIsOneMemberOnLoopbackWithAClusterNameOfItsOwn() {
        assertFalse(cluster.isClient());
        assertEquals(1, cluster.members().size());
        assertTrue(cluster.members().get(0).contains(" at 127.0.0.1:"), cluster.members().toString());
        assertTrue(cluster.getClusterName().startsWith("multiprocessing4j-"));
        assertEquals(1, cluster.workers());
    }

    @Test
    void theEmbeddedPoolRunsItsTasksInChildJvmsOfThisOne() throws Exception {
        long self = ProcessHandle.current().pid();
        try (Pool pool = cluster.context().pool()) {
            assertEquals(1, pool.getProcesses());
            List<String> results = pool.map(x -> x * x + " " + System.getProperty(Cluster.MEMBER_PROPERTY) + " "
                    + ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L)
                    + " " + ProcessHandle.current().pid(), List.of(1, 2, 3));
            String member = cluster.members().get(0).split(" ")[1];
            for (int i = 0; i < 3; i++) {
                String[] parts = results.get(i).split(" ");
                assertEquals(Integer.toString((i + 1) * (i + 1)), parts[0]);
                assertEquals(member, parts[1]);
                assertEquals(Long.toString(self), parts[2]);
                assertTrue(Long.parseLong(parts[3]) != self);
            }
            assertEquals(List.of(Long.parseLong(results.get(0).split(" ")[3])), pool.getWorkerPids());
        }
        try (ProcessPoolExecutor executor = cluster.context().executor(1)) {
            SerializableCallable<Long> pid = () -> ProcessHandle.current().pid();
            assertTrue(executor.submit(pid).get(60, TimeUnit.SECONDS) != self);
        }
    }

    @Test
    void theClusterContextsPoolsRunOnTheSharedClusterWithInitializerAndTaskLimit() throws Exception {
        Context context = Multiprocessing.context("cluster");
        assertEquals("cluster", context.getStartMethod());
        try {
            try (Pool pool = context.pool(2, () -> System.setProperty("mp4j.test.init", "ran"), 1)) {
                List<String> results = pool.map(x -> x + " " + where() + " " + System.getProperty("mp4j.test.init"),
                        List.of(1, 2, 3, 4), 1);
                String member = Cluster.shared().members().get(0).split(" ")[1];
                assertFalse(cluster.members().get(0).contains(member), "the context's cluster is its own");
                Set<String> pids = new HashSet<>();
                for (int i = 0; i < 4; i++) {
                    String[] parts = results.get(i).split(" ");
                    assertEquals(List.of(Integer.toString(i + 1), member, "ran"), List.of(parts[0], parts[1], parts[3]));
                    pids.add(parts[2]);
                }
                // maxTasksPerChild=1: every chunk had a worker of its own.
                assertEquals(4, pids.size(), results.toString());
            }
            try (ProcessPoolExecutor executor = new ProcessPoolExecutor(0, null, 0, context)) {
                SerializableCallable<String> where = ClusterBasicsTest::where;
                assertTrue(executor.submit(where).get(60, TimeUnit.SECONDS)
                        .startsWith(Cluster.shared().members().get(0).split(" ")[1] + " "));
            }
        } finally {
            Cluster.shared().close();
        }
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.context("clusters"));
    }

    /** A program on the cluster context that returns from main with its pool and cluster open. */
    static final class ContextProgram {
        public static void main(String[] args) throws Exception {
            Pool pool = Multiprocessing.context("cluster").pool();
            Files.writeString(Path.of(args[0]), pool.map((Integer x) -> x * x, List.of(1, 2, 3)).toString());
        }
    }

    /** Hazelcast's threads are not daemons: the context's cluster must not keep a finished program alive. */
    @Test
    @Timeout(120)
    void aProgramOnTheClusterContextEndsWhenItsMainReturns() throws Exception {
        Path out = Files.createTempFile("cluster-context-", ".txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        NativeChild program = NativeChild.builder(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ContextProgram.class.getName(), out.toString())).start();
        try {
            assertEquals(0, program.waitFor(Duration.ofSeconds(90)), "the program did not end by itself");
            assertEquals("[1, 4, 9]", Files.readString(out));
        } finally {
            if (program.isAlive()) {
                program.kill();
                program.waitFor(Duration.ofSeconds(30));
            }
            program.close();
            Files.delete(out);
        }
    }

    /** "member-uuid pid" of the worker that runs the task. */
    static String where() {
        return System.getProperty(Cluster.MEMBER_PROPERTY) + " " + ProcessHandle.current().pid();
    }

    @Test
    void aQueueHasTheLibrarysQueueShape() throws Exception {
        ClusterQueue<String> queue = cluster.context().queue("basics-queue");
        assertTrue(queue.empty());
        queue.put("a");
        queue.putNowait("b");
        assertEquals(2, queue.qsize());
        assertEquals("a", queue.get());
        assertEquals("b", queue.get(Duration.ofSeconds(1)));
        assertThrows(Empty.class, queue::getNowait);
        long start = System.nanoTime();
        assertThrows(Empty.class, () -> queue.get(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= 150_000_000L);

        ClusterQueue<Integer> bounded = cluster.context().queue("basics-bounded", 1);
        bounded.put(1);
        assertTrue(bounded.full());
        assertThrows(Full.class, () -> bounded.putNowait(2));
        assertThrows(Full.class, () -> bounded.put(2, Duration.ofMillis(100)));
        assertEquals(1, bounded.getNowait());
    }

    @Test
    void garbageTruncatedHugeAndForeignElementsOfTheContextsQueueFailClearlyAndTheQueueGoesOn() throws Exception {
        ClusterQueueEngine engine = cluster.context().queueEngine(0, false);
        @SuppressWarnings("unchecked")
        Queue<Object> queue = Queues.over(engine, Serializer.standard(), Queue.class);
        byte[] good = Serializer.standard().dumps(List.of(1, "two", 3.0));
        byte[] huge = new byte[8 << 20];
        Arrays.fill(huge, (byte) 0x7f);
        engine.offer(new byte[] {1, 2, 3}, -1);
        engine.offer(Arrays.copyOf(good, good.length / 2), -1);
        engine.offer(huge, -1);
        engine.offer(Serializer.standard().allowing(Hostile.class).dumps(new Hostile()), -1);
        queue.put("after");
        for (int i = 0; i < 3; i++) {
            SerializationException e = assertThrows(SerializationException.class, () -> queue.get(Duration.ofSeconds(10)));
            assertTrue(e.getMessage().startsWith("cannot read an element got from the queue"), e.getMessage());
        }
        SerializationException refused = assertThrows(SerializationException.class, () -> queue.get(Duration.ofSeconds(10)));
        assertInstanceOf(ClassRefusedException.class, refused.getCause());
        assertTrue(refused.getMessage().contains(Hostile.class.getName()), refused.getMessage());
        assertFalse(Hostile.readObjectRan, "nothing of a class outside the policy runs");
        assertEquals("after", queue.get(Duration.ofSeconds(10)));
        assertTrue(queue.empty());
    }

    /** A class outside the policy, which says if its code ever ran here. */
    static final class Hostile implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean readObjectRan;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            readObjectRan = true;
            in.defaultReadObject();
        }
    }

    @Test
    void aDictIsAConcurrentMap() {
        Map<String, Integer> dict = cluster.context().dict("basics-dict");
        dict.put("one", 1);
        assertEquals(1, dict.get("one"));
        assertEquals(1, cluster.context().<String, Integer>dict("basics-dict").get("one"));
        assertEquals(1, dict.putIfAbsent("one", 2));
        dict.merge("one", 10, Integer::sum);
        assertEquals(11, dict.get("one"));
    }

    @Test
    void aJoinableQueueCountsItsTasks() throws Exception {
        ClusterJoinableQueue<String> queue = cluster.context().joinableQueue("basics-joinable");
        queue.put("a");
        queue.putNowait("b");
        assertEquals(2, queue.unfinishedTasks());
        assertFalse(queue.join(Duration.ofMillis(100)));
        assertEquals("a", queue.get());
        queue.taskDone();
        assertEquals("b", queue.getNowait());
        assertFalse(queue.join(Duration.ZERO));
        queue.taskDone();
        assertTrue(queue.join(Duration.ofSeconds(5)));
        queue.join();
        IllegalStateException error = assertThrows(IllegalStateException.class, queue::taskDone);
        assertEquals("task_done() called too many times", error.getMessage());
        ClusterJoinableQueue<Integer> bounded = cluster.context().joinableQueue("basics-joinable-bounded", 1);
        bounded.put(1);
        assertThrows(Full.class, () -> bounded.put(2, Duration.ofMillis(50)));
        assertEquals(1, bounded.unfinishedTasks(), "a put that failed counts no task");
    }

    @Test
    void aNamespaceAValueAndAnEventAreSharedByName() throws Exception {
        ClusterNamespace namespace = cluster.context().namespace("basics-ns");
        namespace.set("x", 10);
        namespace.set("y", "twenty");
        assertEquals(10, cluster.context().namespace("basics-ns").get("x"));
        assertEquals("Namespace(x=10, y=twenty)", namespace.toString());
        namespace.delete("y");
        assertThrows(IllegalArgumentException.class, () -> namespace.get("y"));
        assertThrows(IllegalArgumentException.class, () -> namespace.delete("y"));

        ClusterValue<Integer> value = cluster.context().value("basics-value", 1);
        assertEquals(1, cluster.context().value("basics-value", 99).get(), "the initial value is set once");
        assertEquals(11, value.update(x -> x + 10));
        value.set(5);
        assertEquals(5, value.get());
        assertTrue(value.getLock().acquire(Duration.ofSeconds(1)));
        value.getLock().release();

        ClusterEvent event = cluster.context().event("basics-event");
        assertFalse(event.isSet());
        assertFalse(event.await(Duration.ofMillis(50)));
        event.set();
        assertTrue(cluster.context().event("basics-event").await(Duration.ofSeconds(1)));
        event.clear();
        assertFalse(event.isSet());

        ClusterLock lock = cluster.context().lock("basics-lock");
        lock.acquire();
        assertTrue(lock.acquire(false, null), "the holder may acquire it again");
        lock.release();
        lock.release();
        assertFalse(lock.isLocked());
        assertThrows(IllegalStateException.class, lock::release);
    }

    /**
     * Chaos: a client process holds a cluster lock and a task it got from a joinable queue, and
     * is SIGKILLed. The member releases its lock, and a join counts its task out instead of
     * waiting for ever.
     */
    @Test
    @Timeout(120)
    void aKilledProcessesLockIsReleasedAndItsTasksCountedOut() throws Exception {
        String name = cluster.getClusterName();
        String address = cluster.members().get(0).split(" at ")[1];
        ClusterJoinableQueue<String> queue = cluster.context().joinableQueue("basics-chaos");
        ClusterLock lock = cluster.context().lock("basics-chaos");
        Map<String, Long> dict = cluster.context().dict("basics-chaos");
        queue.put("the task it never finishes");
        Process holder = new Process(() -> {
            Cluster c = Cluster.builder().clusterName(name).addresses(address).join();
            c.context().lock("basics-chaos").acquire();
            c.context().<String>joinableQueue("basics-chaos").get();
            c.context().<String, Long>dict("basics-chaos").put("holder", ProcessHandle.current().pid());
            Thread.sleep(120_000);
        });
        holder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!dict.containsKey("holder")) {
                assertTrue(System.nanoTime() < deadline, "the holder did not take the lock and the task");
                Thread.sleep(50);
            }
            assertTrue(lock.isLocked());
            assertFalse(lock.acquire(false, null));
            assertEquals(1, queue.unfinishedTasks());
            assertFalse(queue.join(Duration.ofMillis(200)));
            holder.kill();
            holder.join(Duration.ofSeconds(30));
            assertEquals(-9, holder.getExitCode());
            assertTrue(lock.acquire(Duration.ofSeconds(60)), "the dead holder's lock was not released");
            lock.release();
            queue.join();
            assertEquals(0, queue.unfinishedTasks());
            // The member's end of the dead client's connection is gone too before the leak check:
            // dropped by the member, and its descriptor released.
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!cluster.instance().getClientService().getConnectedClients().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the member still lists the dead client");
                Thread.sleep(50);
            }
            awaitResetSocketsReleased(Duration.ofSeconds(15));
        } finally {
            if (holder.isAlive()) {
                holder.kill();
                holder.join(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    @Timeout(30)
    void aQueueThatCannotReachItsClusterFailsClearlyWithinTheTimeout() throws IOException {
        List<String> nowhere = List.of("127.0.0.1:" + freePort());
        long start = System.nanoTime();
        ClusterException error = assertThrows(ClusterException.class,
                () -> Cluster.attached("mp4j-gone-" + freePort(), nowhere, Duration.ofSeconds(2)));
        assertTrue(error.getMessage().contains("cannot reach cluster 'mp4j-gone-"), error.getMessage());
        assertTrue((System.nanoTime() - start) / 1_000_000_000L < 20);
    }

    @Test
    @Timeout(30)
    void anUnreachableClusterFailsClearlyWithinTheConnectTimeout() throws IOException {
        String address = "127.0.0.1:" + freePort();
        long start = System.nanoTime();
        ClusterException error = assertThrows(ClusterException.class, () -> Cluster.builder()
                .addresses(address).connectTimeout(Duration.ofSeconds(2)).join());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(error.getMessage().contains("cannot reach cluster 'multiprocessing4j' at [" + address + "]"),
                error.getMessage());
        assertTrue(seconds < 20, "took " + seconds + " s");
    }

    @Test
    void theEnvironmentNamesTheAddressesToJoin() {
        System.setProperty(Cluster.PROPERTY, "127.0.0.1:5801, 127.0.0.1:5802");
        try {
            assertEquals("Cluster.Builder[null, [127.0.0.1:5801, 127.0.0.1:5802]]",
                    Cluster.environmentBuilder().toString());
        } finally {
            System.clearProperty(Cluster.PROPERTY);
        }
    }
}
