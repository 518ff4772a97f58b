package org.multiprocessing4j.internal.memory;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.internal.runtime.Inheritance;
import org.multiprocessing4j.testing.Children;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small segments as blocks of arenas: alignment, reuse, and what a child may still use. */
class ArenaTest {
    /** Sizes around the granule, the page and the largest block. */
    static final int[] SIZES = {1, 4, 24, 63, 64, 65, 200, 4095, 4096, 4097, 32 * 1024};
    /** The smallest page of the systems supported: a larger page is a multiple of it. */
    static final int PAGE = 4096;

    static long address(Segment segment) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(segment.buffer()));
    }

    /** Serializes {@code object} as for a child being started, and returns the descriptors it registered. */
    static List<Long> handOn(Serializable object) throws IOException {
        List<Long> handles = Inheritance.begin();
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(object);
        } finally {
            Inheritance.end();
        }
        return new ArrayList<>(handles);
    }

    @Test
    void blocksStartOnCacheLinesOfTheirOwnSoThatNoWordStraddlesAPageAndNoneOverlaps() {
        TreeMap<Long, Segment> byAddress = new TreeMap<>();
        for (int size : SIZES) {
            for (int i = 0; i < 40; i++) {
                Segment segment = Segment.small(size);
                long address = address(segment);
                assertTrue(segment.arenaId() != 0, segment.toString());
                assertEquals(0, address % 64, "a block of " + size + " bytes starts on a cache line");
                for (long word = address; word + 4 <= address + size; word += 4) {
                    assertTrue(word % PAGE + 4 <= PAGE, "a word at " + word + " straddles a page");
                }
                assertEquals(size, segment.buffer().capacity());
                byAddress.put(address, segment);
            }
        }
        long end = 0;
        for (var entry : byAddress.entrySet()) {
            assertTrue(entry.getKey() >= end, "blocks overlap at " + entry.getKey());
            end = entry.getKey() + (entry.getValue().getSize() + 63) / 64 * 64;
        }
        byAddress.values().forEach(Segment::close);
    }

    @Test
    void largerObjectsGetASegmentOfTheirOwn() {
        try (Segment large = Segment.small(32 * 1024 + 1)) {
            assertEquals(0, large.arenaId());
            assertEquals(32 * 1024 + 1, large.getSize());
        }
    }

    @Test
    void aClosedBlockIsReusedZeroedAndTheArenasDoNotGrow() {
        int before = Heap.arenas()[0];
        for (int round = 0; round < 20; round++) {
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                Segment segment = Segment.small(SIZES[i % SIZES.length]);
                ByteBuffer buffer = segment.buffer();
                for (int at = 0; at < buffer.capacity(); at++) {
                    assertEquals(0, buffer.get(at), "a new block is zero-filled");
                }
                for (int at = 0; at < buffer.capacity(); at++) {
                    buffer.put(at, (byte) 0xA5);
                }
                segments.add(segment);
            }
            segments.forEach(Segment::close);
        }
        assertTrue(Heap.arenas()[0] <= before + 1, Heap.arenas()[0] + " arenas, " + before + " before");
    }

    @Test
    void blocksDroppedWithoutCloseAreGivenBackOnceUnreachable() throws InterruptedException {
        int before = Heap.arenas()[0];
        for (int i = 0; i < 200_000; i++) {
            Segment.small(64).buffer().putInt(0, i);
            if (i % 20_000 == 0) {
                System.gc();
                Thread.sleep(20);
            }
        }
        // 200,000 blocks of 64 bytes fill 13 arenas when none is given back.
        assertTrue(Heap.arenas()[0] <= before + 4, Heap.arenas()[0] + " arenas, " + before + " before");
    }

    @Test
    void aClosedBlockHandedToAChildIsNeverGivenToAnotherBlockOfThisProcess() throws Exception {
        Segment closed = Segment.small(64);
        long address = address(closed);
        handOn(closed);
        closed.close();
        assertNeverGivenAgain(closed.arenaId(), address);
    }

    @Test
    void aDroppedBlockHandedToAChildIsNeverGivenToAnotherBlockOfThisProcess() throws Exception {
        Object[] made = madeAndHandedOn();
        awaitCollected((WeakReference<?>) made[1]);
        assertNeverGivenAgain((Long) made[2], (Long) made[0]);
    }

    @Test
    void aDroppedBlockNotHandedToAChildIsGivenBackOnceUnreachable() throws Exception {
        Object[] made = madeAndDropped();
        // A block in use keeps the arena from being retired once the dropped one is given back.
        Segment pin = Segment.small(64);
        awaitCollected((WeakReference<?>) made[1]);
        long address = (Long) made[0];
        List<Segment> fresh = new ArrayList<>();
        boolean reused = false;
        for (int i = 0; i < 50 * Arena.GRANULES && !reused; i++) {
            fresh.add(Segment.small(64));
            reused = fresh.get(i).arenaId() == (Long) made[2] && address(fresh.get(i)) == address;
        }
        fresh.forEach(Segment::close);
        assertTrue(pin.arenaId() != (Long) made[2] || reused, "the block of a collected segment was given to a new one");
        pin.close();
    }

    /** Its address, a weak reference and its arena: the segment itself is unreachable once this returns. */
    private static Object[] madeAndDropped() {
        Segment segment = Segment.small(64);
        return new Object[] {address(segment), new WeakReference<>(segment), segment.arenaId()};
    }

    /** As {@link #madeAndDropped()}, once handed to a child. */
    private static Object[] madeAndHandedOn() throws IOException {
        Object[] made = madeAndDropped();
        handOn((Segment) ((WeakReference<?>) made[1]).get());
        return made;
    }

    /** Waits until the referent is collected, and then a little for the cleaners of its memory. */
    private static void awaitCollected(WeakReference<?> reference) throws InterruptedException {
        for (int i = 0; i < 100 && reference.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(reference.get(), "the dropped segment was collected");
        System.gc();
        Thread.sleep(200);
    }

    /**
     * Makes blocks until a new arena is needed, so that every free block of the others has been
     * given, and checks that none is at {@code address} of {@code arena} (a later arena may be
     * mapped where an earlier one was).
     */
    private static void assertNeverGivenAgain(long arena, long address) {
        List<Segment> fresh = new ArrayList<>();
        int arenas = Heap.arenas()[0];
        while (Heap.arenas()[0] == arenas && fresh.size() < 50 * Arena.GRANULES) {
            Segment segment = Segment.small(64);
            assertTrue(segment.arenaId() != arena || address(segment) != address, "the block of a segment that a child got");
            fresh.add(segment);
        }
        fresh.forEach(Segment::close);
    }

    @Test
    void aClosedBlockIsNotHandedToAChild() {
        Segment segment = Segment.small(64);
        segment.close();
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> handOn(segment));
        assertTrue(e.getMessage().contains("closed"), e.toString());
    }

    @Test
    void anArenaIsRegisteredForAChildOnceHoweverManyOfItsBlocksItGets() throws Exception {
        ArrayList<Segment> segments = new ArrayList<>();
        Set<Long> arenas = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Segment segment = Segment.small(64);
            segments.add(segment);
            arenas.add(segment.arenaId());
        }
        assertEquals(arenas.size(), handOn(segments).size());
        segments.forEach(Segment::close);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @Timeout(60)
    void aChildMapsEachArenaOnceHoweverManyOfItsBlocksItInherits() throws Exception {
        ArrayList<Segment> segments = new ArrayList<>();
        Set<Long> arenas = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Segment segment = Segment.small(64);
            segment.buffer().putInt(0, 1000 + i);
            segments.add(segment);
            arenas.add(segment.arenaId());
        }
        Process child = Children.start(() -> {
            for (int i = 0; i < segments.size(); i++) {
                if (segments.get(i).buffer().getInt(0) != 1000 + i) {
                    System.exit(99);
                }
            }
            // The inodes of the memfds this child holds descriptors of: its arenas. A spare's
            // own warm-up segment, closed, stays mapped until a collection and is not counted.
            Set<String> held = new HashSet<>();
            long descriptors = Files.list(Path.of("/proc/self/fd")).filter(fd -> {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("/memfd:")) {
                        held.add(Files.getAttribute(fd, "unix:ino").toString());
                        return true;
                    }
                } catch (IOException | RuntimeException gone) {
                    // The directory's own descriptor, closed once listed.
                }
                return false;
            }).count();
            long mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(line -> line.contains("/memfd:")).map(line -> line.split("\\s+")[4])
                    .filter(held::contains).distinct().count();
            System.exit((int) (descriptors * 10 + mapped));
        });
        Children.finish(child, arenas.size() * 11);
        segments.forEach(Segment::close);
    }

    @Test
    @Timeout(90)
    void aChildHandsTheBlocksItInheritedOnToAGrandchild() throws Exception {
        ArrayList<Segment> segments = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Segment segment = Segment.small(64);
            segment.buffer().putInt(0, 2000 + i);
            segments.add(segment);
        }
        Process child = Children.start(() -> {
            Process grandchild = new Process(() -> {
                for (int i = 0; i < segments.size(); i++) {
                    if (segments.get(i).buffer().getInt(0) != 2000 + i) {
                        System.exit(99);
                    }
                }
                segments.get(9).buffer().putInt(4, 77);
            });
            grandchild.start();
            grandchild.join();
            System.exit(grandchild.getExitCode());
        });
        Children.finish(child);
        assertEquals(77, segments.get(9).buffer().getInt(4), "the grandchild wrote into the block");
        segments.forEach(Segment::close);
    }
}
