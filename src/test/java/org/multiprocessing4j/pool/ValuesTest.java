package org.multiprocessing4j.pool;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Values: the lists of a chunk survive the trip whatever they hold. */
class ValuesTest {

    private static List<Object> roundTrip(List<?> list) {
        byte[] bytes = Values.encode(list, 2);
        return Values.decode(bytes, 2, bytes.length - 2);
    }

    @Test
    void homogeneousNumbersStringsAndAnythingElse() {
        String long70k = "x".repeat(70_000);
        List<Object> intsThenAString = new java.util.ArrayList<>(PoolTest.range(Blocks.SIZE * 2 + 1));
        intsThenAString.add("late");
        for (List<?> list : List.of(
                List.of(), List.of(1, 2, -3, Integer.MAX_VALUE), PoolTest.range(Blocks.SIZE * 3 + 5), List.of(1L, Long.MIN_VALUE),
                List.of(0.5, Double.NaN, -0.0), List.of("", "é€𝄞", "\ud800 lone", long70k),
                List.of(1, 2L, 3.0), Arrays.asList(1, 2, 3.0), Arrays.asList(1L, 2L, null), List.of(0.5, 1), intsThenAString, List.of("a", List.of(1), 'c'),
                Arrays.asList(1, null, 3), Arrays.asList("a", null), Arrays.asList((Object) null))) {
            List<Object> back = roundTrip(list);
            assertEquals(list, back);
            for (int i = 0; i < list.size(); i++) {
                assertEquals(list.get(i) == null ? null : list.get(i).getClass(),
                        back.get(i) == null ? null : back.get(i).getClass());
            }
        }
    }
}
