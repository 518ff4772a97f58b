package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Connection;
import org.multiprocessing4j.connection.Pipe;
import org.multiprocessing4j.pool.Pool;
import org.multiprocessing4j.queues.Queue;
import org.multiprocessing4j.shared.Array;
import org.multiprocessing4j.shared.Value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The examples of Python's {@code multiprocessing} documentation and of the reference texts,
 * written in Java, one per argument: {@code java … ReferenceExamples pipe}. Each prints what its
 * Python original prints, in Java's notation ({@code [42, null, hello]} for Python's
 * {@code [42, None, 'hello']}). The test suite runs every one and checks its output.
 */
public final class ReferenceExamples {
    private ReferenceExamples() {
    }

    /** Runs the example named by {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "terminate":
                Demo.terminateExample();
                break;
            case "hello-bob":
                Demo.helloBob();
                break;
            case "tutorial":
                tutorial();
                break;
            case "pipe":
                pipe();
                break;
            case "queue":
                queue();
                break;
            case "value-array":
                valueAndArray();
                break;
            case "pool":
                pool();
                break;
            default:
                throw new IllegalArgumentException("no example " + args[0]);
        }
    }

    /**
     * The tutorial's first process:
     * <pre>
     * def f(name):
     *     print('hello', name)
     *     print('I am the child process')
     * p = Process(target=f, args=('bob',)); p.start(); time.sleep(1)
     * print('executes the contents of the main process')
     * </pre>
     */
    static void tutorial() throws InterruptedException {
        Process p = new Process(() -> {
            System.out.println("hello bob");
            System.out.println("I am the child process");
        });
        p.start();
        p.join(); // the tutorial sleeps a second instead; joining makes the order certain
        System.out.println("executes the contents of the main process");
    }

    /**
     * <pre>
     * def f(conn):
     *     conn.send([42, None, 'hello'])
     *     conn.close()
     * parent_conn, child_conn = Pipe()
     * p = Process(target=f, args=(child_conn,)); p.start()
     * print(parent_conn.recv())   # prints "[42, None, 'hello']"
     * p.join()
     * </pre>
     */
    static void pipe() throws Exception {
        Connection[] ends = Pipe.open();
        Connection parent = ends[0];
        Connection child = ends[1];
        Process p = new Process(() -> {
            child.send(new ArrayList<>(Arrays.asList(42, null, "hello")));
            child.close();
        });
        p.start();
        System.out.println(parent.recv());
        p.join();
    }

    /**
     * <pre>
     * def f(q):
     *     q.put([42, None, 'hello'])
     * q = Queue()
     * p = Process(target=f, args=(q,)); p.start()
     * print(q.get())    # prints "[42, None, 'hello']"
     * p.join()
     * </pre>
     */
    static void queue() throws Exception {
        Queue<List<Object>> q = new Queue<>();
        Process p = new Process(() -> q.put(new ArrayList<>(Arrays.asList(42, null, "hello"))));
        p.start();
        System.out.println(q.get());
        p.join();
    }

    /**
     * <pre>
     * def f(n, a):
     *     n.value = 3.1415927
     *     for i in range(len(a)):
     *         a[i] = -a[i]
     * num = Value('d', 0.0)
     * arr = Array('i', range(10))
     * p = Process(target=f, args=(num, arr)); p.start(); p.join()
     * print(num.value)   # 3.1415927
     * print(arr[:])      # [0, -1, -2, -3, -4, -5, -6, -7, -8, -9]
     * </pre>
     */
    static void valueAndArray() throws Exception {
        Value<Double> num = new Value<>("d", 0.0);
        Array<Integer> arr = new Array<>("i", IntStream.range(0, 10).boxed().collect(Collectors.toList()));
        Process p = new Process(() -> {
            num.set(3.1415927);
            for (int i = 0; i < arr.length(); i++) {
                arr.set(i, -arr.get(i));
            }
        });
        p.start();
        p.join();
        System.out.println(num.get());
        System.out.println(arr.toList());
    }

    /**
     * <pre>
     * def f(x):
     *     return x*x
     * with Pool(5) as p:
     *     print(p.map(f, [1, 2, 3]))   # [1, 4, 9]
     * </pre>
     */
    static void pool() throws Exception {
        try (Pool p = new Pool(5)) {
            System.out.println(p.map((Integer x) -> x * x, List.of(1, 2, 3)));
        }
    }
}
