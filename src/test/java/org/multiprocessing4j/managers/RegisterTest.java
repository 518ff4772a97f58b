package org.multiprocessing4j.managers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Customized managers: Python's {@code BaseManager.register} with a class of one's own, an
 * auto proxy, a proxy class with {@code exposed} and {@code method_to_typeid}, an interface
 * proxy, {@code create_method=False}, and a callable that shares one object.
 */
class RegisterTest {

    /** The class of CPython's documentation example. */
    public static final class Maths {
        public int add(int x, int y) {
            return x + y;
        }

        public long mul(long x, long y) {
            return x * y;
        }

        int hidden() {
            return 0;
        }
    }

    /** A counter that makes others: its {@code child()} result is shared (method_to_typeid). */
    public static final class Counter {
        private int value;

        public int increment() {
            return ++value;
        }

        public int value() {
            return value;
        }

        public Counter child() {
            Counter child = new Counter();
            child.value = value * 10;
            return child;
        }

        public void reset() {
            value = 0;
        }
    }

    /** A proxy class of one's own, as CPython's documentation subclasses BaseProxy. */
    public static final class CounterProxy extends BaseProxy {
        private static final long serialVersionUID = 1L;

        CounterProxy(AutoProxy core) {
            super(core);
        }

        int increment() {
            return (Integer) callMethod("increment");
        }

        int value() {
            return (Integer) callMethod("value");
        }

        CounterProxy child() {
            return (CounterProxy) callMethod("child");
        }
    }

    /** An interface the manager's objects are reached through. */
    public interface Greeter {
        String greet(String name);

        void fail() throws IOException;
    }

    /** Its implementation, in the manager's process. */
    public static final class PoliteGreeter implements Greeter {
        @Override
        public String greet(String name) {
            return "Hello " + name;
        }

        @Override
        public void fail() throws IOException {
            throw new IOException("declared and thrown");
        }
    }

    /** One object, shared by every create: CPython's registration of a callable returning a global. */
    static final class Singleton {
        static final List<Object> SHARED = new java.util.ArrayList<>();

        private Singleton() {
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aClassOfOnesOwnThroughAnAutoProxy() throws Exception {
        try (BaseManager manager = new BaseManager()) {
            manager.register("Maths", Maths::new);
            manager.start();
            assertThrows(IllegalStateException.class, () -> manager.register("Late", Maths::new));
            AutoProxy maths = manager.create("Maths");
            assertEquals(7, maths.callMethod("add", 4, 3));
            assertEquals(12L, maths.callMethod("mul", 3, 4));
            assertEquals(List.of("add", "mul"), maths.getExposed());
            RemoteError notExposed = assertThrows(RemoteError.class, () -> maths.callMethod("hidden"));
            assertTrue(notExposed.getMessage().contains("is not in exposed"), notExposed.getMessage());
            assertThrows(IllegalArgumentException.class, () -> maths.callMethod("add", "four", 3));
            // CPython's #UNSERIALIZABLE: the object itself cannot travel (Maths is not Serializable).
            RemoteError unserializable = assertThrows(RemoteError.class, maths::getValue);
            assertTrue(unserializable.getMessage().contains("Unserializable message"), unserializable.getMessage());
            assertEquals(3, maths.callMethod("add", 1, 2), "the connection goes on");
            maths.close();
            assertEquals(0, manager.numberOfObjects());
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void exposedAndMethodToTypeidWithAProxyClassOfOnesOwn() throws Exception {
        try (BaseManager manager = new BaseManager()) {
            ProxyType<CounterProxy> type = ProxyType.of(CounterProxy::new);
            manager.register("Counter", (args, kwds) -> new Counter(), type, List.of("increment", "value", "child"),
                    Map.of("child", "Counter"), true);
            manager.start();
            CounterProxy counter = manager.create("Counter");
            assertEquals(1, counter.increment());
            assertEquals(2, counter.increment());
            CounterProxy child = counter.child();
            assertEquals(20, child.value());
            assertEquals(2, manager.numberOfObjects());
            RemoteError reset = assertThrows(RemoteError.class, () -> counter.callMethod("reset"));
            assertTrue(reset.getMessage().contains("is not in exposed"), reset.getMessage());
            child.close();
            counter.close();
            assertEquals(0, manager.numberOfObjects());
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anInterfaceProxyAndItsDeclaredExceptions() throws Exception {
        try (BaseManager manager = new BaseManager()) {
            manager.register("Greeter", (args, kwds) -> new PoliteGreeter(), ProxyType.forInterface(Greeter.class));
            manager.register("Shared", (args, kwds) -> Singleton.SHARED);
            manager.register("Hidden", null, ProxyType.auto(), null, null, false);
            manager.start();
            Greeter greeter = manager.create("Greeter");
            assertEquals("Hello Bob", greeter.greet("Bob"));
            assertThrows(IOException.class, greeter::fail);
            ((Proxy) greeter).close();
            // A callable that returns the same object shares it once, as CPython's id(obj).
            AutoProxy first = manager.create("Shared");
            AutoProxy second = manager.create("Shared");
            assertEquals(first.getToken().getId(), second.getToken().getId());
            assertEquals(1, manager.numberOfObjects());
            first.close();
            second.close();
            assertThrows(IllegalStateException.class, () -> manager.create("Hidden"));
            assertThrows(IllegalStateException.class, () -> manager.create("NotRegistered"));
            assertEquals(0, manager.numberOfObjects());
        }
    }
}
