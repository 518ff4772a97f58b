package org.multiprocessing4j.bench;

import org.multiprocessing4j.examples.Demo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/**
 * What a JIT setting costs long-running work: the best time of a few kinds of work once this
 * JVM has run each for 1.5 s. {@code bench/ceiling.sh} runs it with the default (tiered) JIT
 * and with C1 only, beside {@link JitCeiling}, which shows what C1 gains on short work.
 */
public final class JitPeak {
    private static final String[] WORDS = new String[200_000];
    private static final int[] NUMBERS = new Random(1).ints(500_000).toArray();

    static {
        Random random = new Random(2);
        for (int i = 0; i < WORDS.length; i++) {
            WORDS[i] = "w" + random.nextInt(5000);
        }
    }

    private JitPeak() {
    }

    private static long wordCount() {
        Map<String, Integer> counts = new HashMap<>();
        for (String word : WORDS) {
            counts.merge(word, 1, Integer::sum);
        }
        return counts.size();
    }

    public static void main(String[] args) {
        Map<String, LongSupplier> work = new LinkedHashMap<>();
        work.put("count_primes(100000)", () -> Demo.countPrimes(100_000));
        work.put("boxed stream", () -> IntStream.range(0, 1_000_000).boxed().filter(x -> x % 3 == 0).mapToLong(x -> (long) x * x).sum());
        work.put("HashMap word count", JitPeak::wordCount);
        work.put("sort 500k ints", () -> {
            int[] copy = NUMBERS.clone();
            Arrays.sort(copy);
            return copy[1000];
        });
        long sink = 0;
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, LongSupplier> entry : work.entrySet()) {
            long warmEnd = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < warmEnd) {
                sink += entry.getValue().getAsLong();
            }
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 15; i++) {
                long t = System.nanoTime();
                sink += entry.getValue().getAsLong();
                best = Math.min(best, System.nanoTime() - t);
            }
            line.append(String.format(Locale.ROOT, "  %s %.2f ms", entry.getKey(), best / 1e6));
        }
        System.out.println(line.toString().trim() + (sink == 42 ? " " : ""));
    }
}
