package org.multiprocessing4j.pool;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.internal.codec.Envelope;
import org.multiprocessing4j.internal.codec.Tags;
import org.multiprocessing4j.serialization.SerializationException;
import org.multiprocessing4j.serialization.Serializer;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FunctionCodec: a pool's function as an envelope, compact when it can be. */
class FunctionCodecTest {

    private static Object roundTrip(SerializableFunction<Object, Object> function, Object argument) throws Exception {
        byte[] bytes = FunctionCodec.encode(function, Serializer.standard());
        return FunctionCodec.decode(bytes, 0, bytes.length, Serializer.standard()).apply(argument);
    }

    @Test
    void aLambdaCapturingScalarsIsCompactAndKeptWhileStateIsSerializedEachTime() throws Exception {
        String prefix = "n=";
        SerializableFunction<Object, Object> compact = x -> prefix + x;
        FunctionSlots.Key key = FunctionCodec.key(compact, Serializer.standard());
        assertEquals(Tags.COMPACT, key.bytes[0]);
        assertTrue(key.stateless);
        assertEquals("n=3", roundTrip(compact, 3));

        List<Integer> state = List.of(1, 2);
        SerializableFunction<Object, Object> stateful = x -> state.contains(x);
        FunctionSlots.Key statefulKey = FunctionCodec.key(stateful, Serializer.standard());
        assertEquals(Tags.SERIALIZED, statefulKey.bytes[0]);
        assertFalse(statefulKey.stateless);
        assertEquals(true, roundTrip(stateful, 2));
    }

    @Test
    void aLambdaCapturingNothingIsEncodedOnce() {
        SerializableFunction<Object, Object> identity = x -> x;
        assertSame(FunctionCodec.key(identity, Serializer.standard()), FunctionCodec.key(identity, Serializer.standard()));
    }

    @Test
    void corruptOrTruncatedBytesAreASerializationException() {
        String captured = "abc";
        byte[] bytes = FunctionCodec.encode(x -> captured, Serializer.standard());
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(SerializationException.class, () -> FunctionCodec.decode(cut, 0, cut.length, Serializer.standard()));
        }
        bytes[0] = Tags.INTS;
        byte[] wrongTag = bytes;
        SerializationException e = assertThrows(SerializationException.class,
                () -> FunctionCodec.decode(wrongTag, 0, wrongTag.length, Serializer.standard()));
        assertTrue(e.getMessage().startsWith("cannot read a function"), e.getMessage());
        byte[] notAFunction = Envelope.serialized(42, 0, Serializer.standard());
        e = assertThrows(SerializationException.class,
                () -> FunctionCodec.decode(notAFunction, 0, notAFunction.length, Serializer.standard()));
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    }
}
