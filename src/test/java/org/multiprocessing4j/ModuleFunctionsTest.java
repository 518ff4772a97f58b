package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.pool.Pool;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The module-level functions a porter expects by their Python names: the start-method trio,
 * {@code freeze_support()}, {@code setAuthKey(None)}, {@code apply_async(f, (x,))}.
 */
class ModuleFunctionsTest {

    @Test
    void theStartMethodIsFixedOnceAsInCPython() {
        try {
            assertEquals(List.of("spawn"), Multiprocessing.getAllStartMethods());
            Multiprocessing.setStartMethod(null, true);
            assertNull(Multiprocessing.getStartMethod(true), "no start method fixed yet");
            Multiprocessing.setStartMethod("spawn");
            assertEquals("spawn", Multiprocessing.getStartMethod(true));
            IllegalStateException again = assertThrows(IllegalStateException.class,
                    () -> Multiprocessing.setStartMethod("spawn"));
            assertEquals("context has already been set", again.getMessage());
            Multiprocessing.setStartMethod("spawn", true);
            assertThrows(IllegalArgumentException.class, () -> Multiprocessing.setStartMethod("fork", true));

            Multiprocessing.setStartMethod(null, true);
            assertSame(Multiprocessing.context(), Multiprocessing.context("spawn"));
            assertEquals("spawn", Multiprocessing.getStartMethod(true), "get_context() fixes the start method");
            assertThrows(IllegalStateException.class, () -> Multiprocessing.setStartMethod("spawn"));
        } finally {
            Multiprocessing.setStartMethod("spawn", true);
        }
    }

    @Test
    void freezeSupportDoesNothing() {
        Multiprocessing.freezeSupport();
        assertEquals("MainProcess", Multiprocessing.currentProcess().getName());
    }

    @Test
    @Timeout(60)
    void aNullAuthKeyMakesANewRandomOneThatTheChildGets() throws Exception {
        byte[] inherited = Multiprocessing.currentProcess().getAuthKey();
        Connection[] pipe = Pipe.open(false);
        Process p = new Process(() -> pipe[1].sendBytes(Multiprocessing.currentProcess().getAuthKey()));
        assertArrayEquals(inherited, p.getAuthKey());
        p.setAuthKey(null);
        byte[] fresh = p.getAuthKey();
        assertEquals(32, fresh.length);
        assertFalse(java.util.Arrays.equals(inherited, fresh), "setAuthKey(null) kept the inherited key");
        p.start();
        try {
            assertArrayEquals(fresh, pipe[0].recvBytes());
        } finally {
            p.join();
            p.close();
            pipe[0].close();
            pipe[1].close();
        }
        assertArrayEquals(inherited, Multiprocessing.currentProcess().getAuthKey(), "the parent's key changed");
    }

    @Test
    @Timeout(60)
    void applyAsyncWithoutCallbacks() throws Exception {
        try (Pool pool = new Pool(1)) {
            assertEquals(49, pool.applyAsync((Integer x) -> x * x, 7).get());
        }
    }
}
