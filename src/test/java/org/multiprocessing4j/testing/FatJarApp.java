package org.multiprocessing4j.testing;

import org.multiprocessing4j.JvmSettings;
import org.multiprocessing4j.Process;

/**
 * The application of the Spring Boot-style executable jar that ClassPathSourcesTest builds: its
 * class comes from BOOT-INF/classes, the library from BOOT-INF/lib, both nested in the jar.
 * Prints the children's class path and the exit code of a child whose target is a lambda of
 * this class.
 */
public final class FatJarApp {
    private FatJarApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("classpath=" + JvmSettings.inherited().classPath());
        Process p = new Process(() -> System.exit(FatJarApp.class.getName().length()));
        p.start();
        p.join();
        System.out.println("exitcode=" + p.getExitCode());
        p.close();
    }
}
