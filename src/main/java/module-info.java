/**
 * Python's {@code multiprocessing} for Java: real OS processes, connections in CPython's wire
 * format, queues, locks, shared memory and pools. The exported packages are the API; everything
 * under {@code org.multiprocessing4j.internal} is not, and may change in any release.
 */
module org.multiprocessing4j {
    requires transitive org.slf4j;
    requires com.sun.jna;
    requires com.sun.jna.platform;
    requires java.management;
    // sun.misc.Unsafe, for a child's quick end and lock words a cold JVM runs fast (internal.runtime.SilentUnsafe).
    requires jdk.unsupported;
    requires org.apache.fory.core;
    // net.razorvine:pickle has no module name of its own: its jar's name makes it "pickle".
    requires pickle;
    // Hazelcast's jar has no module-info; its Automatic-Module-Name is com.hazelcast.core.
    requires com.hazelcast.core;
    requires static ch.qos.logback.classic;
    requires static ch.qos.logback.core;

    exports org.multiprocessing4j;
    exports org.multiprocessing4j.cluster;
    exports org.multiprocessing4j.connection;
    exports org.multiprocessing4j.function;
    exports org.multiprocessing4j.managers;
    exports org.multiprocessing4j.pool;
    exports org.multiprocessing4j.queues;
    exports org.multiprocessing4j.serialization;
    exports org.multiprocessing4j.serialization.pickle;
    exports org.multiprocessing4j.shared;
    exports org.multiprocessing4j.sync;

    // Multiprocessing.context("cluster") reaches the cluster, the top layer, as a service.
    uses org.multiprocessing4j.internal.engine.EngineProvider;
    provides org.multiprocessing4j.internal.engine.EngineProvider with org.multiprocessing4j.cluster.ClusterEngineProvider;

    // JNA builds proxies of the native interfaces and reads its structures' fields reflectively.
    exports org.multiprocessing4j.internal.platform to com.sun.jna;
    opens org.multiprocessing4j.internal.platform to com.sun.jna;
}
