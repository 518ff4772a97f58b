package org.multiprocessing4j.internal.codec;

import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Properties of the scalar codec over random sequences of scalars. Each repetition has its own
 * fixed seed, printed in every failure, so a failure is replayed by running that repetition.
 */
class PlainDataPropertiesTest {
    private static final long SEED = 0x6d70_346a_636f_6465L;

    private static Random random(RepetitionInfo repetition) {
        return new Random(SEED + repetition.getCurrentRepetition());
    }

    private static List<Object> randomScalars(Random random) {
        List<Object> values = new ArrayList<>();
        for (int i = random.nextInt(20); i > 0; i--) {
            values.add(Samples.random(random));
        }
        return values;
    }

    private static byte[] encode(List<Object> values, int prefix) {
        // A small first capacity: the output grows, as it does for a writer of unknown sizes.
        PlainOutput out = new PlainOutput(prefix, prefix + values.size());
        for (Object value : values) {
            out.writeScalar(value);
        }
        return out.toArray();
    }

    @RepeatedTest(100)
    void whatIsWrittenIsReadBackExactly(RepetitionInfo repetition) throws IOException {
        List<Object> values = randomScalars(random(repetition));
        int prefix = repetition.getCurrentRepetition() % 9;
        byte[] bytes = encode(values, prefix);
        PlainInput in = new PlainInput(bytes, prefix, bytes.length - prefix);
        for (int i = 0; i < values.size(); i++) {
            Samples.assertSame(values.get(i), in.readScalar(), "seed repetition " + repetition.getCurrentRepetition()
                    + ", value " + i + ": " + Samples.describe(values.get(i)));
        }
        in.requireEnd();
    }

    @RepeatedTest(50)
    void everyStrictPrefixOfAScalarFails(RepetitionInfo repetition) {
        Object value = Samples.random(random(repetition));
        byte[] bytes = Samples.encode(value);
        // Every prefix of the head, then a sample of the rest: each fails the same way.
        for (int length = 0; length < bytes.length; length += length < 64 ? 1 : 251) {
            PlainInput in = new PlainInput(bytes, 0, length);
            int cut = length;
            assertThrows(IOException.class, in::readScalar, () -> "repetition " + repetition.getCurrentRepetition()
                    + ": " + Samples.describe(value) + " cut at " + cut);
        }
    }

    /** Corrupt bytes either read as some scalars or fail with an IOException: never another exception, never a hang. */
    @RepeatedTest(100)
    void corruptBytesFailOnlyWithAnIoException(RepetitionInfo repetition) {
        Random random = random(repetition);
        byte[] bytes = encode(randomScalars(random), 0);
        if (bytes.length == 0 || random.nextBoolean()) {
            bytes = new byte[1 + random.nextInt(64)];
            random.nextBytes(bytes);
            // Small tags, so that most garbage reaches a scalar's reader rather than the tag check.
            bytes[0] = (byte) random.nextInt(Tags.BYTES + 2);
        } else {
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
            }
        }
        PlainInput in = new PlainInput(bytes, 0, bytes.length);
        try {
            // Each read takes at least its tag: the loop ends.
            while (in.remaining() > 0) {
                in.readScalar();
            }
        } catch (IOException expected) {
            // the only failure allowed
        } catch (RuntimeException | Error e) {
            fail("repetition " + repetition.getCurrentRepetition() + ": " + e, e);
        }
    }
}
