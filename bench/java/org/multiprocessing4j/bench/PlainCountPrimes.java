package org.multiprocessing4j.bench;

import org.multiprocessing4j.examples.Demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that runs count_primes and nothing of the library, for the ceiling of
 * {@code pool_cpu_bound}: it says {@code ready}, waits for {@code COUNT N} on its standard
 * input, runs {@code Demo.countPrimes(N)} COUNT times and says {@code done}.
 */
public final class PlainCountPrimes {
    private PlainCountPrimes() {
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        System.out.println("ready");
        System.out.flush();
        String[] order = in.readLine().split(" ");
        int count = Integer.parseInt(order[0]);
        int n = Integer.parseInt(order[1]);
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += Demo.countPrimes(n);
        }
        // no string concatenation: its first use costs a cold JVM tens of milliseconds
        System.out.println(sum > 0 ? "done" : "none");
        System.out.flush();
    }

    /** The parent's side of one such JVM, started with this JVM's executable and class path. */
    static final class Runner implements AutoCloseable {
        private final java.lang.Process process;
        private final BufferedReader out;
        private final Writer in;

        private Runner(java.lang.Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        }

        static Runner start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new Runner(new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    PlainCountPrimes.class.getName())).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        void awaitReady() throws IOException {
            expect("ready");
        }

        /** {@code order} is {@link #order}'s, made before the clock starts. */
        void go(String order) throws IOException {
            in.write(order);
            in.flush();
        }

        static String order(int count, int n) {
            return count + " " + n + "\n";
        }

        void awaitDone() throws IOException {
            expect("done");
        }

        private void expect(String word) throws IOException {
            String line = out.readLine();
            if (line == null || !line.startsWith(word)) {
                throw new IOException("plain JVM said " + line + ", not " + word);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.close();
        }
    }
}
