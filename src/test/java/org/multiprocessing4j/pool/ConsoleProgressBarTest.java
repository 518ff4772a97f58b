package org.multiprocessing4j.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console progress bar, alone and fed by a real map. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConsoleProgressBarTest {

    @Test
    void rendersFractions() {
        assertEquals("\r[" + "\u00b7".repeat(30) + "]   0% 0/10", ConsoleProgressBar.render(0, 10));
        assertEquals("\r[" + "#".repeat(15) + "\u00b7".repeat(15) + "]  50% 5/10", ConsoleProgressBar.render(5, 10));
        assertEquals("\r[" + "#".repeat(30) + "] 100% 10/10", ConsoleProgressBar.render(10, 10));
    }

    @Test
    void drawsAMapToItsEnd() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8); Pool pool = new Pool(2)) {
            pool.map(PoolTest::square, PoolTest.range(40), 5, new ConsoleProgressBar(out));
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(8, drawn.chars().filter(c -> c == '\r').count());
        assertTrue(drawn.endsWith("] 100% 40/40" + System.lineSeparator()), drawn);
    }
}
