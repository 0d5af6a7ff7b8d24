package platform;

import java.nio.file.Path;
import java.util.Map;

import platform.embedded.EmbeddedKafkaBroker;
import platform.embedded.EmbeddedMariaDb;

/**
 * One real MariaDB (binary log on) and one real Kafka broker per test JVM, started with the same classes the
 * embedded run uses, on free ports, with data under {@code target/}. Application contexts connect to them as to
 * external servers ({@code relay.embedded.enabled=false}), so the test context cache can share them.
 */
public final class TestServers {

    private static volatile TestServers instance;

    private volatile EmbeddedMariaDb mariaDb;
    private final Path root;
    private final Path kafkaDir;
    private final int kafkaPort;
    private final int controllerPort;
    private volatile EmbeddedKafkaBroker kafka;

    private TestServers(EmbeddedMariaDb mariaDb, Path kafkaDir, int kafkaPort, int controllerPort) {
        this.mariaDb = mariaDb;
        this.root = kafkaDir.getParent();
        this.kafkaDir = kafkaDir;
        this.kafkaPort = kafkaPort;
        this.controllerPort = controllerPort;
        this.kafka = EmbeddedKafkaBroker.start(kafkaDir, kafkaPort, controllerPort);
    }

    public static TestServers get() {
        if (instance == null) {
            synchronized (TestServers.class) {
                if (instance == null) {
                    Path root = Path.of("target", "test-servers", Long.toString(ProcessHandle.current().pid()));
                    EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start(root.resolve("mariadb"), 0, "relay");
                    TestServers servers = new TestServers(mariaDb, root.resolve("kafka"),
                            platform.embedded.LocalPorts.free(), platform.embedded.LocalPorts.free());
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        // JVM shutdown hooks run concurrently: close the applications (their relay readers flush
                        // offsets to Kafka) before the servers they use go away
                        servers.closeApplications();
                        servers.kafka.close();
                        servers.mariaDb.close();
                        deleteRecursively(root);
                    }, "test-servers-stop"));
                    instance = servers;
                }
            }
        }
        return instance;
    }

    private final java.util.List<org.springframework.context.ConfigurableApplicationContext> applications =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Applications started on these servers; closed before the servers at JVM exit. */
    public void register(org.springframework.context.ConfigurableApplicationContext application) {
        applications.add(application);
    }

    private void closeApplications() {
        for (var application : applications) {
            application.close();
        }
    }

    public static void deleteRecursively(Path root) {
        if (!java.nio.file.Files.exists(root)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public EmbeddedMariaDb mariaDb() {
        return mariaDb;
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    /** A broker outage: the broker process goes away; its log stays. */
    public synchronized void stopKafka() {
        kafka.close();
    }

    /** The same broker back, on the same ports with the same log. */
    public synchronized void startKafka() {
        kafka = EmbeddedKafkaBroker.start(kafkaDir, kafkaPort, controllerPort);
    }

    /** A database outage: the server shuts down cleanly (as a restart for maintenance does); its data stays. */
    public synchronized void stopMariaDb() {
        mariaDb.close();
    }

    /** The same database back, on the same port with the same data and users. */
    public synchronized void startMariaDb() {
        mariaDb = EmbeddedMariaDb.start(root.resolve("mariadb"), mariaDb.port(), mariaDb.database());
    }

    /** Connection settings for an application context, as an operator would set them for external servers. */
    public Map<String, Object> applicationProperties() {
        // every application instance gets its own Kafka Streams state dir, as separate hosts would (and so its own
        // static member id, which is kept there)
        String instance = java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> properties = new java.util.LinkedHashMap<>(TestUsers.properties());
        properties.putAll(TestTokens.verifierProperties(root.resolve("token-issuer")));
        properties.putAll(Map.ofEntries(
                Map.entry("spring.kafka.streams.state-dir",
                        root.resolve("streams-" + instance).toAbsolutePath().toString()),
                Map.entry("relay.analytics.archive.directory",
                        root.resolve("archive-" + instance).toAbsolutePath().toString()),
                Map.entry("relay.analytics.archive.work-directory",
                        root.resolve("archive-work-" + instance).toAbsolutePath().toString()),
                Map.entry("relay.embedded.enabled", "false"),
                Map.entry("spring.datasource.url", mariaDb.jdbcUrl()),
                Map.entry("spring.datasource.username", EmbeddedMariaDb.APP_USER),
                Map.entry("spring.datasource.password", mariaDb.appPassword()),
                Map.entry("relay.cdc.username", EmbeddedMariaDb.CDC_USER),
                Map.entry("relay.cdc.password", mariaDb.cdcPassword()),
                Map.entry("spring.kafka.bootstrap-servers", kafka.bootstrapServers())));
        return properties;
    }
}
