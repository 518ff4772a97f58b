package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

/**
 * The reference examples, run as they are written in Python's documentation: the terminate
 * example of "Process objects", then "Hello Bob" printed from a child.
 */
public final class Demo {
    private Demo() {
    }

    /** Runs the examples. */
    public static void main(String[] args) throws Exception {
        terminateExample();
        helloBob();
    }

    /**
     * <pre>
     * p = multiprocessing.Process(target=time.sleep, args=(1000,))
     * print(p, p.is_alive()); p.start(); print(p, p.is_alive())
     * p.terminate(); time.sleep(0.1); print(p, p.is_alive())
     * p.exitcode == -signal.SIGTERM
     * </pre>
     */
    static void terminateExample() throws InterruptedException {
        Process p = new Process(() -> Thread.sleep(1_000_000));
        System.out.println(p + " " + p.isAlive());
        p.start();
        System.out.println(p + " " + p.isAlive());
        p.terminate();
        p.join();
        System.out.println(p + " " + p.isAlive());
        System.out.println(p.getExitCode() == -15);
    }

    /** The child prints "Hello Bob". */
    static void helloBob() throws InterruptedException {
        Process p = new Process(() -> greet("Bob"));
        p.start();
        p.join();
    }

    static void greet(String name) {
        System.out.println("Hello " + name);
    }
}
