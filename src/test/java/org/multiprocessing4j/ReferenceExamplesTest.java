package org.multiprocessing4j;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.multiprocessing4j.examples.ReferenceExamples;
import org.multiprocessing4j.testing.FreshJvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each example of the reference texts and of Python's documentation, run in a JVM of its own,
 * prints what its Python original prints (in Java's notation; the examples' Javadoc quotes the
 * Python).
 */
class ReferenceExamplesTest {

    @ParameterizedTest(name = "{0}")
    @Timeout(90)
    @CsvSource(delimiter = '|', value = {
        "terminate   | <Process(Process-1, initial)> false\\n<Process(Process-1, started)> true\\n<Process(Process-1, stopped[SIGTERM])> false\\ntrue",
        "hello-bob   | Hello Bob",
        "tutorial    | hello bob\\nI am the child process\\nexecutes the contents of the main process",
        "pipe        | [42, null, hello]",
        "queue       | [42, null, hello]",
        "value-array | 3.1415927\\n[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]",
        "pool        | [1, 4, 9]",
    })
    void printsWhatThePythonOriginalPrints(String example, String expected, @TempDir Path dir) throws Exception {
        FreshJvm.Result result = FreshJvm.run(dir, List.of("-Xmx128m"), ReferenceExamples.class, Duration.ofSeconds(60),
                example);
        assertEquals(0, result.exitCode, result::toString);
        assertEquals(expected.replace("\\n", "\n"), result.stdout.strip(), result::toString);
        assertEquals("", result.stderr.strip(), result::toString);
    }
}
