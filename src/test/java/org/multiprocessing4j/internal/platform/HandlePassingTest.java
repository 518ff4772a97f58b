package org.multiprocessing4j.internal.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Descriptors handed over a channel, here within one process: what arrives is a new descriptor
 * for the same pipe, close-on-exec, and a sender that gave up shows as end of stream.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HandlePassingTest {
    private final HandlePassing passing = Platform.handlePassing();
    private final Descriptors descriptors = Platform.descriptors();

    @Test
    void descriptorsSentArriveAsNewDescriptorsForTheSamePipes() throws IOException {
        assumeTrue(passing.isSupported(), "this system does not pass descriptors");
        long[] channel = passing.channel();
        long[] first = descriptors.pipe();
        long[] second = descriptors.pipe();
        long[] received = {-1, -1};
        try {
            passing.send(channel[0], new long[] {first[1], second[1]});
            received = passing.receive(channel[1], 2);
            assertNotEquals(first[1], received[0]);
            assertNotEquals(second[1], received[1]);
            assertCloseOnExec(received[0]);
            DescriptorIo.write(received[0], "one");
            DescriptorIo.write(received[1], "two");
            assertEquals("one", DescriptorIo.readText(first[0], "one"));
            assertEquals("two", DescriptorIo.readText(second[0], "two"));
        } finally {
            DescriptorIo.closeAll(received);
            DescriptorIo.closeAll(first);
            DescriptorIo.closeAll(second);
            DescriptorIo.closeAll(channel);
        }
    }

    @Test
    void aDuplicateIsANewCloseOnExecDescriptorForTheSamePipe() throws IOException {
        assumeTrue(passing.isSupported(), "this system does not pass descriptors");
        long[] pipe = descriptors.pipe();
        long duplicate = -1;
        try {
            duplicate = passing.duplicate(pipe[1]);
            assertNotEquals(pipe[1], duplicate);
            assertCloseOnExec(duplicate);
            descriptors.close(pipe[1]);
            pipe[1] = -1;
            DescriptorIo.write(duplicate, "still open");
            assertEquals("still open", DescriptorIo.readText(pipe[0], "still open"));
        } finally {
            DescriptorIo.closeAll(duplicate);
            DescriptorIo.closeAll(pipe);
        }
    }

    @Test
    void aReceiverWhoseSenderClosedTheChannelGetsEndOfStream() throws IOException {
        assumeTrue(passing.isSupported(), "this system does not pass descriptors");
        long[] channel = passing.channel();
        try {
            descriptors.close(channel[0]);
            channel[0] = -1;
            assertThrows(EOFException.class, () -> passing.receive(channel[1], 1));
        } finally {
            DescriptorIo.closeAll(channel);
        }
    }

    @Test
    void whereDescriptorsAreNotPassedEveryCallSaysSo() {
        assumeFalse(passing.isSupported(), "this system passes descriptors");
        assertThrows(UnsupportedOperationException.class, passing::channel);
        assertThrows(UnsupportedOperationException.class, () -> passing.duplicate(0));
        assertThrows(UnsupportedOperationException.class, () -> passing.send(0, new long[0]));
        assertThrows(UnsupportedOperationException.class, () -> passing.receive(0, 1));
    }

    /** FD_CLOEXEC as Linux's /proc shows it (O_CLOEXEC, 02000000 octal, in the flags); elsewhere not checked. */
    private static void assertCloseOnExec(long fd) throws IOException {
        Path info = Path.of("/proc/self/fdinfo", Long.toString(fd));
        if (!Files.exists(info)) {
            return;
        }
        String flags = Files.readAllLines(info).stream().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
        long value = Long.parseLong(flags.substring("flags:".length()).trim(), 8);
        assertTrue((value & 02000000) != 0, "descriptor " + fd + " is not close-on-exec: " + flags);
    }
}
