package org.multiprocessing4j.internal.codec;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scalar codec: every type comes back exactly, and bad bytes fail at once with an IOException. */
class PlainDataTest {

    @Test
    void everyScalarComesBackExactlyAloneAndInASequence() throws IOException {
        List<Object> values = Samples.edgeValues();
        PlainOutput all = new PlainOutput(3, 8);
        for (Object value : values) {
            byte[] alone = Samples.encode(value);
            PlainInput in = new PlainInput(alone, 0, alone.length);
            Samples.assertSame(value, in.readScalar(), Samples.describe(value));
            in.requireEnd();
            all.writeScalar(value);
        }
        byte[] bytes = all.toArray();
        PlainInput in = new PlainInput(bytes, 3, bytes.length - 3);
        for (Object value : values) {
            Samples.assertSame(value, in.readScalar(), Samples.describe(value));
        }
        in.requireEnd();
    }

    @Test
    void aLatin1StringTakesOneByteACharAndAnyOtherTwo() {
        assertEquals(1 + Integer.BYTES + 4, Samples.encode("aé\u00ff!").length);
        assertEquals(1 + Integer.BYTES + 2 * 4, Samples.encode("a\u0100é!").length);
        assertEquals(1 + Integer.BYTES + 2 * 2, Samples.encode("𝄞").length);
        assertEquals(3, Scalars.lengthWord("abc"));
        assertEquals(-3, Scalars.lengthWord("ab\ud800"));
    }

    @Test
    void untaggedFieldsAndBulkNumbersComeBack() throws IOException {
        PlainOutput out = new PlainOutput(0, 0);
        out.writeBoolean(true);
        out.writeBoolean(false);
        out.writeInt(Integer.MIN_VALUE);
        out.writeLong(Long.MAX_VALUE);
        out.writeString("\ud800" + "s".repeat(100));
        out.writeBytes(new byte[] {-1, 0, 1});
        out.writeInts(new int[] {1, -2, Integer.MAX_VALUE});
        out.writeLongs(new long[] {Long.MIN_VALUE, 0});
        out.writeDoubles(new double[] {-0.0, Double.NaN});
        byte[] bytes = out.toArray();
        PlainInput in = new PlainInput(bytes, 0, bytes.length);
        assertTrue(in.readBoolean());
        assertEquals(false, in.readBoolean());
        assertEquals(Integer.MIN_VALUE, in.readInt());
        assertEquals(Long.MAX_VALUE, in.readLong());
        assertEquals("\ud800" + "s".repeat(100), in.readString());
        assertArrayEquals(new byte[] {-1, 0, 1}, in.readBytes());
        int[] ints = new int[3];
        in.readInts(ints);
        assertArrayEquals(new int[] {1, -2, Integer.MAX_VALUE}, ints);
        long[] longs = new long[2];
        in.readLongs(longs);
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0}, longs);
        double[] doubles = new double[2];
        in.readDoubles(doubles);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(doubles[0]));
        assertTrue(Double.isNaN(doubles[1]));
        in.requireEnd();
    }

    @Test
    void anExactlySizedOutputHandsOverItsArrayAndLeavesThePrefixFree() {
        PlainOutput out = new PlainOutput(4, 4 + 1 + Integer.BYTES);
        out.writeScalar(7);
        byte[] bytes = out.toArray();
        assertEquals(9, bytes.length);
        org.junit.jupiter.api.Assertions.assertSame(bytes, out.toArray());
        assertArrayEquals(new byte[4], java.util.Arrays.copyOf(bytes, 4));
        assertEquals(Tags.INT, bytes[4]);
    }

    @Test
    void everyTruncationFailsWithAnEofException() {
        for (Object value : Samples.edgeValues()) {
            byte[] bytes = Samples.encode(value);
            // Long values: every prefix of the head, then a sample of the rest (each fails the same way).
            for (int length = 0; length < bytes.length; length += length < 64 ? 1 : 997) {
                PlainInput in = new PlainInput(bytes, 0, length);
                int cut = length;
                IOException e = assertThrows(IOException.class, in::readScalar,
                        () -> Samples.describe(value) + " cut at " + cut);
                assertTrue(e instanceof EOFException || e.getMessage().contains("announced"), e.getMessage());
            }
        }
    }

    @Test
    void everyTagThatIsNoScalarsIsRefusedByName() {
        for (int tag = Byte.MIN_VALUE; tag <= Byte.MAX_VALUE; tag++) {
            if (tag >= Tags.NULL && tag <= Tags.BYTES) {
                continue;
            }
            byte[] bytes = {(byte) tag, 0, 0, 0, 0, 0, 0, 0, 0};
            PlainInput in = new PlainInput(bytes, 0, bytes.length);
            IOException e = assertThrows(IOException.class, in::readScalar);
            assertTrue(e.getMessage().contains(tag + " is not the tag of a scalar"), e.getMessage());
        }
    }

    @Test
    void hugeAnnouncedLengthsFailBeforeAnythingIsAllocated() {
        for (byte tag : new byte[] {Tags.STRING, Tags.BYTES}) {
            for (int announced : new int[] {Integer.MAX_VALUE, 1 << 30, 6, -1, Integer.MIN_VALUE}) {
                PlainOutput out = new PlainOutput(0, 10);
                out.writeByte(tag);
                out.writeInt(announced);
                out.writeByte(0);
                byte[] bytes = out.toArray(); // 6 bytes announcing up to 2 GiB
                PlainInput in = new PlainInput(bytes, 0, bytes.length);
                IOException e = assertThrows(IOException.class, in::readScalar);
                long number = tag == Tags.STRING ? Math.abs((long) announced) : announced;
                assertTrue(e.getMessage().contains(number + " "), e.getMessage());
                assertTrue(e.getMessage().contains("announced"), e.getMessage());
            }
        }
    }

    @Test
    void aCountIsCheckedAgainstWhatRemains() throws IOException {
        PlainOutput out = new PlainOutput(0, 0);
        out.writeInt(1_000_000_000);
        out.writeInt(0);
        byte[] bytes = out.toArray();
        IOException e = assertThrows(IOException.class, () -> new PlainInput(bytes, 0, bytes.length).readCount(1, "list items"));
        assertEquals("plain data is corrupt: 1000000000 list items announced, 4 bytes remain", e.getMessage());
        PlainOutput fits = new PlainOutput(0, 0);
        fits.writeInt(2);
        fits.writeInt(0);
        byte[] two = fits.toArray();
        PlainInput in = new PlainInput(two, 0, two.length);
        assertEquals(2, in.readCount(2, "shorts"));
        assertEquals(4, in.remaining());
    }

    @Test
    void leftoverBytesAndNonBooleansAreCorrupt() throws IOException {
        byte[] bytes = {Tags.TRUE, 0};
        PlainInput in = new PlainInput(bytes, 0, bytes.length);
        assertEquals(true, in.readScalar());
        assertThrows(IOException.class, in::requireEnd);
        assertThrows(IOException.class, () -> new PlainInput(new byte[] {2}, 0, 1).readBoolean());
    }

    @Test
    void onlyScalarsAreWritten() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PlainOutput(0, 0).writeScalar(List.of(1)));
        assertTrue(e.getMessage().contains("not a scalar"), e.getMessage());
        assertEquals(-1, Scalars.tagOf(new int[0]));
        assertEquals(-1, Scalars.tagOf(new Object()));
    }

    @Test
    void aReaderStaysInItsSlice() throws IOException {
        byte[] bytes = {Tags.INT, 1, 0, 0, 0, Tags.TRUE};
        PlainInput in = new PlainInput(bytes, 5, 1);
        assertEquals(true, in.readScalar());
        in.reset(bytes, 0, 3);
        assertThrows(EOFException.class, in::readScalar);
        assertThrows(IndexOutOfBoundsException.class, () -> in.reset(bytes, 4, 3));
    }
}
