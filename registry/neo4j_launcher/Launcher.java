import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs Neo4j Community as a standalone process through the embedded API, with
 * the Bolt connector on. Started and stopped by registry.localneo4j, which
 * writes the configuration file (loopback address, port, memory).
 *
 * Usage: Launcher HOME CONFIG_FILE
 * A SIGTERM runs the shutdown hook, which shuts the databases down cleanly
 * (checkpoint, so no recovery is needed at the next start).
 */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher HOME CONFIG_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path config = Path.of(args[1]).toAbsolutePath();

        DatabaseManagementService service =
                new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(config).build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            System.out.println("Neo4j stopped");
            System.out.flush();
            stopped.countDown();
        }, "neo4j-shutdown"));

        System.out.println("Neo4j started");
        System.out.flush();
        stopped.await();
    }
}
