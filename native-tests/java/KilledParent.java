import org.multiprocessing4j.Process;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a daemonic and a non-daemonic child that both sleep for a long time, writes their
 * pids to the file named by args[0], then sleeps until the test SIGKILLs it.
 */
public class KilledParent {
    public static void main(String[] args) throws Exception {
        Process daemonic = new Process(() -> Thread.sleep(600_000), null, true);
        Process ordinary = new Process(() -> Thread.sleep(3_000), null, false);
        daemonic.start();
        ordinary.start();
        Files.writeString(Path.of(args[0]), daemonic.getPid() + " " + ordinary.getPid() + "\n");
        Thread.sleep(600_000);
    }
}
