package org.multiprocessing4j.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.testing.Children;
import org.multiprocessing4j.testing.ProcFs;

import java.io.ByteArrayOutputStream;
import java.io.InvalidObjectException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SharedMemoryTest {

    private static String uniqueName() {
        return "mp4j-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anAnonymousSegmentIsZeroFilledAndHasNoName() {
        try (SharedMemory memory = SharedMemory.create(100)) {
            assertNull(memory.getName());
            assertEquals(100, memory.getSize());
            ByteBuffer buffer = memory.getBuffer();
            assertEquals(100, buffer.limit());
            for (int i = 0; i < 100; i++) {
                assertEquals(0, buffer.get(i));
            }
            buffer.putLong(8, 42);
            assertEquals(42, memory.getBuffer().getLong(8));
        }
    }

    @Test
    @Timeout(60)
    void aChildSeesAndChangesAnInheritedAnonymousSegment() throws Exception {
        try (SharedMemory memory = SharedMemory.create(4096)) {
            memory.getBuffer().putInt(0, 1234);
            Process child = Children.start(() -> {
                ByteBuffer buffer = memory.getBuffer();
                if (buffer.getInt(0) != 1234) {
                    throw new IllegalStateException("child read " + buffer.getInt(0));
                }
                buffer.putInt(4, 5678);
                memory.close();
            });
            Children.finish(child);
            assertEquals(5678, memory.getBuffer().getInt(4));
        }
    }

    @Test
    void aNamedSegmentIsAttachedByNameAndGoneAfterUnlink() throws Exception {
        String name = uniqueName();
        SharedMemory created = new SharedMemory(name, true, 64);
        try {
            assertEquals(name, created.getName());
            created.getBuffer().put(3, (byte) 7);
            try (SharedMemory attached = SharedMemory.attach(name)) {
                assertEquals(7, attached.getBuffer().get(3));
                assertTrue(attached.getSize() >= 64);
                attached.getBuffer().put(4, (byte) 9);
            }
            assertEquals(9, created.getBuffer().get(4));
            if (ProcFs.LINUX) {
                assertTrue(Files.exists(Path.of("/dev/shm", name)));
            }
        } finally {
            created.close();
            created.unlink();
        }
        if (ProcFs.LINUX) {
            assertFalse(Files.exists(Path.of("/dev/shm", name)));
        }
        UncheckedIOException gone = assertThrows(UncheckedIOException.class, () -> SharedMemory.attach(name));
        assertInstanceOf(NoSuchFileException.class, gone.getCause());
    }

    @Test
    @Timeout(60)
    void aNamedSegmentTravelsByNameEvenThroughAConnection() throws Exception {
        String name = uniqueName();
        try (SharedMemory memory = new SharedMemory(name, true, 16)) {
            Connection[] pipe = Pipe.open();
            try {
                pipe[0].send(memory);
                try (SharedMemory received = (SharedMemory) pipe[1].recv()) {
                    assertEquals(name, received.getName());
                    received.getBuffer().put(0, (byte) 5);
                }
                assertEquals(5, memory.getBuffer().get(0));
                Process child = Children.start(() -> {
                    memory.getBuffer().put(1, (byte) 6);
                    memory.close();
                });
                Children.finish(child);
                assertEquals(6, memory.getBuffer().get(1));
            } finally {
                pipe[0].close();
                pipe[1].close();
                memory.unlink();
            }
        }
    }

    @Test
    void creatingAnExistingNameFails() {
        String name = uniqueName();
        try (SharedMemory memory = new SharedMemory(name, true, 16)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new SharedMemory(name, true, 16));
            assertInstanceOf(FileAlreadyExistsException.class, e.getCause());
        } finally {
            new SharedMemoryCleanup(name).run();
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(0));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(-1));
        assertThrows(IllegalArgumentException.class, () -> new SharedMemory(null, false, 10));
        assertThrows(IllegalArgumentException.class, () -> new SharedMemory("a/b", true, 10));
    }

    @Test
    void aClosedSegmentHasNoBuffer() {
        SharedMemory memory = SharedMemory.create(8);
        ByteBuffer early = memory.getBuffer();
        memory.close();
        memory.close();
        assertTrue(memory.isClosed());
        assertThrows(IllegalStateException.class, memory::getBuffer);
        early.putInt(0, 1); // still mapped while reachable: no crash
        memory.unlink(); // anonymous: nothing to remove
    }

    @Test
    void anAnonymousSegmentIsRefusedOutsideAChildsStart() throws Exception {
        try (SharedMemory memory = SharedMemory.create(8);
             ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> out.writeObject(memory));
            assertTrue(e.getMessage().startsWith("SharedMemory objects should only be shared between processes "
                    + "through inheritance"), e.getMessage());
        }
        Connection[] pipe = Pipe.open();
        try (SharedMemory memory = SharedMemory.create(8)) {
            SerializationException e = assertThrows(SerializationException.class, () -> pipe[0].send(memory));
            assertTrue(e.getMessage().contains("through inheritance"), e.getMessage());
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
    }

    @Test
    @Timeout(60)
    void segmentsOfAKilledProcessLeaveNothingBehind() throws Exception {
        assumeTrue(ProcFs.LINUX, "/dev/shm is checked on Linux");
        try (SharedMemory shared = SharedMemory.create(8)) {
            Process child = Children.start(() -> {
                SharedMemory own = SharedMemory.create(1 << 20);
                own.getBuffer().put(0, (byte) 1);
                shared.getBuffer().put(0, (byte) 1);
                Thread.sleep(60_000);
                own.close();
            });
            while (shared.getBuffer().get(0) == 0) {
                Thread.sleep(10);
            }
            child.kill();
            child.join();
            assertEquals(-9, child.getExitCode());
            child.close();
        }
        // LeakCheck compares /dev/shm with its state before the test.
    }

    /** Removes a named segment whatever state a failed test left it in. */
    private static final class SharedMemoryCleanup implements Runnable {
        private final String name;

        SharedMemoryCleanup(String name) {
            this.name = name;
        }

        @Override
        public void run() {
            try {
                SharedMemory.attach(name).unlink();
            } catch (UncheckedIOException alreadyGone) {
                // nothing to remove
            }
        }
    }
}
