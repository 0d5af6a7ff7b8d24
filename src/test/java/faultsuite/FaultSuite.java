package faultsuite;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.jspecify.annotations.Nullable;

import faultsuite.FaultScenario.Fault;
import faultsuite.FaultScenario.Phase;
import loadgen.JournalChecker;
import loadgen.LoadGenerator;
import loadgen.LoadOptions;
import outbox.domain.OutboxTopic;
import platform.TestServers;
import platform.TestTokens;
import platform.TestUsers;

/**
 * The fault suite's long form ({@code scripts/fault-suite}): the production shape on one machine — Debian's
 * MariaDB as its own server, a Kafka broker in its own JVM, several instances of the packaged jar with the
 * {@code prod} profile — under load from the load generator, through repeated SIGKILLs of an instance, a broker
 * outage, a database restart, a graceful stop and the loss of one of two instances. Prints, and writes as Markdown,
 * how the work is spread, how long each recovery took and what the checker found after each phase.
 *
 * <p>Not a test: a test-scope program, like the load generator (docs/fault-suite.md has its results).
 */
public final class FaultSuite {

    static final String USAGE = """
            The fault suite's long form: the production shape on this machine, under load, through faults.
              --work DIR            where servers, instances, journal and results live (default target/fault-suite);
                                    emptied at the start
              --instances N         jar instances, 2 or 3 (default 2; with 3, one is stopped gracefully before the
                                    last phase)
              --kills N             SIGKILLs of an instance, each followed by its restart (default 20)
              --broker-outage D     how long the broker stays stopped (default 60s)
              --rate R              hand-overs per second (default 15; about five changes and a read each)
              --tls                 TLS on every link: HTTPS, SASL_SSL (SCRAM) to Kafka, TLS to MariaDB (pool and
                                    binlog reader); certificates from scripts/make-certs
              --cdc-keep-alive D    relay.cdc.keep-alive-interval of the binlog readers (default: not set, the
                                    service's own default of 2 s)
              --http-port P         first instance's port; the others follow (default 16080)
              --db-port P           MariaDB (default 16306)
              --kafka-port P        broker (default 16092); --controller-port P (default 16192)
              --result FILE         the Markdown result (default <work>/result.md)
              --hold D              only start the shape, show the spread, keep it up for D (a hand run: tokens
                                    and passwords are in <work>/access.properties), then stop it""";

    static final String DATABASE = "relay";
    static final String APP_USER = "relay";
    static final String CDC_USER = "relay_cdc";
    static final String KAFKA_USER = "relay";
    /** {@code spring.kafka.streams.application-id} of application.properties, which the long form leaves as it is */
    static final String STREAMS_APPLICATION_ID = "delivery-relay-analytics";

    private final Map<String, String> options;
    private final PrintStream out = System.out;
    private final Path work;
    private final boolean tlsOn;
    private final List<RelayInstance> instances = new ArrayList<>();
    private @Nullable MariaDbServer database;
    private @Nullable KafkaServer broker;

    private FaultSuite(Map<String, String> options) {
        this.options = options;
        this.work = Path.of(options.getOrDefault("--work", "target/fault-suite")).toAbsolutePath().normalize();
        this.tlsOn = options.containsKey("--tls");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            if (args[i].equals("--tls")) {
                options.put("--tls", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                System.err.println("Unexpected argument '" + args[i] + "'\n" + USAGE);
                System.exit(2);
            }
        }
        // the suite's own Kafka clients (watch, checker) warn at every reconnect while the broker is away on purpose
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka.clients"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        FaultSuite suite = new FaultSuite(options);
        // a SIGTERM of the suite (Ctrl-C) must not leave servers and instances behind
        Thread stopper = new Thread(suite::stopEverything, "fault-suite-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        boolean holds;
        try {
            holds = suite.run();
        } finally {
            suite.stopEverything();
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
        System.exit(holds ? 0 : 1);
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    boolean run() throws Exception {
        long started = System.nanoTime();
        int instanceCount = intOption("--instances", 2);
        int kills = intOption("--kills", 20);
        if (instanceCount < 2 || instanceCount > 3) {
            throw new IllegalArgumentException("--instances is 2 or 3");
        }
        Duration brokerOutage = loadgenDuration(options.getOrDefault("--broker-outage", "60s"));
        if (!MariaDbServer.installed()) {
            throw new IllegalStateException("Debian's mariadb-server is not installed: apt-get install -y mariadb-server"
                    + " (scripts/fault-suite does it)");
        }
        TestServers.deleteRecursively(work);
        Files.createDirectories(work);
        Path journal = work.resolve("journal.csv");

        // ---- servers ----------------------------------------------------------------------------------------
        TlsMaterial tls = tlsOn ? TlsMaterial.make(work.resolve("tls")) : null;
        String appPassword = secret();
        String cdcPassword = secret();
        String kafkaPassword = secret();
        MariaDbServer db = new MariaDbServer(work.resolve("mariadb"), intOption("--db-port", 16306), tls);
        database = db;
        db.initialize();
        db.start();
        db.createDatabaseAndUsers(DATABASE, APP_USER, appPassword, CDC_USER, cdcPassword);
        String dbVersion = db.version();
        out.println("MariaDB " + dbVersion + " up on 127.0.0.1:" + db.port() + (tls != null ? " (TLS required)" : ""));

        Map<String, String> kafkaClient = tls != null ? tls.kafkaClient(KAFKA_USER, kafkaPassword) : Map.of();
        Map<String, String> scramUsers = Map.of(KafkaServer.BROKER_USER, secret(), KAFKA_USER, kafkaPassword);
        KafkaServer kafka = new KafkaServer(work.resolve("kafka"), intOption("--kafka-port", 16092),
                intOption("--controller-port", 16192), tls, scramUsers, kafkaClient);
        broker = kafka;
        kafka.format(Uuid.randomUuid().toString());
        kafka.start();
        out.println("Kafka " + AppInfoParser.getVersion() + " broker up on " + kafka.bootstrapServers()
                + (tls != null ? " (SASL_SSL, SCRAM-SHA-512)" : ""));

        // ---- instances ----------------------------------------------------------------------------------------
        String jdbcUrl = jdbcUrl(db.port(), tls);
        Map<String, Object> tokenKey = TestTokens.verifierProperties(work.resolve("token-issuer"));
        Instant tokensExpire = Instant.now().plus(12, ChronoUnit.HOURS);
        String viewerToken = "Bearer " + token("auditor", tokensExpire, "VIEWER");
        String operatorToken = "Bearer " + token("ops", tokensExpire, "OPERATOR");
        String orderToken = token("orders", tokensExpire, "ORDER_SERVICE");
        int firstPort = intOption("--http-port", 16080);
        for (int i = 0; i < instanceCount; i++) {
            String name = Character.toString('a' + i);
            int port = firstPort + i;
            Map<String, String> configuration = instanceConfiguration(name, port, db.port(), cdcPassword, tls,
                    kafkaPassword, tokenKey);
            Map<String, String> environment = Map.of(
                    "RELAY_DATASOURCE_URL", jdbcUrl,
                    "RELAY_DATASOURCE_USERNAME", APP_USER,
                    "RELAY_DATASOURCE_PASSWORD", appPassword,
                    "RELAY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "RELAY_SQL_DIALECT", "MARIADB");
            URI base = URI.create((tls != null ? "https" : "http") + "://127.0.0.1:" + port);
            ServiceClient viewer = ServiceClient.of(base, viewerToken, tls == null ? null : tls.caCertificate());
            instances.add(new RelayInstance(name, port, work.resolve("instances").resolve(name), configuration,
                    environment, viewer, viewer.as(operatorToken)));
        }
        long startingAt = System.nanoTime();
        for (RelayInstance instance : instances) {
            instance.start();
        }
        for (RelayInstance instance : instances) {
            instance.awaitReady(Duration.ofMinutes(5));
        }
        out.printf(Locale.ROOT, "%d instances ready after %.1f s%n", instances.size(),
                (System.nanoTime() - startingAt) / 1e9);

        Map<String, Object> adminConfig = new HashMap<>(kafkaClient);
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<String> report = new ArrayList<>();
        try (Admin admin = Admin.create(adminConfig)) {
            FaultScenario.pause(Duration.ofSeconds(20)); // first rebalances of leases and Streams settle
            String spreadAtStart = Spread.describe(instances, admin, STREAMS_APPLICATION_ID);
            String bus = Spread.busPropagation(instances, instances.get(0));
            out.println(spreadAtStart);
            out.println(bus);
            writeAccess(instances, orderToken, viewerToken, operatorToken, jdbcUrl, appPassword, kafka, kafkaClient);

            // ---- load and faults -------------------------------------------------------------------------------
            List<String> loadArguments = new ArrayList<>(List.of("--url", String.join(",",
                    instances.stream().map(i -> i.base().toString()).toList()), "--token", orderToken,
                    "--read-token", viewerToken.substring("Bearer ".length()),
                    "--deliveries", "100000000", "--rate", options.getOrDefault("--rate", "15"),
                    "--max-duration", "4h", "--journal", journal.toString(), "--progress-every", "30s"));
            if (tls != null) {
                loadArguments.addAll(List.of("--ca-cert", tls.caCertificate().toString()));
            }
            LoadOptions load = LoadOptions.parse(loadArguments.toArray(String[]::new));
            LoadGenerator generator = new LoadGenerator(load, out);
            FutureTask<LoadGenerator.Summary> loading = new FutureTask<>(generator::run);
            Thread.ofPlatform().name("load").start(loading);

            JournalChecker.Options checker = new JournalChecker.Options(List.of(journal), kafka.bootstrapServers(),
                    kafkaClient, jdbcUrl, APP_USER, appPassword, Duration.ofMinutes(5));
            OutboxTopic topic = deliveryTopic(jdbcUrl, appPassword);
            FaultScenario scenario;
            List<String> killRows = new ArrayList<>();
            try (RelayWatch watch = new RelayWatch(topic, kafka.bootstrapServers(), kafkaClient,
                    () -> instances.stream().filter(RelayInstance::alive).map(RelayInstance::watched).toList(),
                    generator::acknowledgedChanges)) {
                scenario = new FaultScenario(watch, checker, out, Duration.ofMinutes(3), Duration.ofMinutes(4),
                        Duration.ofSeconds(3));
                FaultScenario.pause(Duration.ofSeconds(20));
                if (options.containsKey("--hold")) {
                    // a hand run: the shape under load, its steadiness every 15 s, no faults
                    out.println("Holding the shape under load for " + options.get("--hold") + "; access in "
                            + work.resolve("access.properties"));
                    long until = System.nanoTime() + loadgenDuration(options.get("--hold")).toNanos();
                    while (System.nanoTime() < until) {
                        out.println((watch.steady(0) ? "steady: " : "not steady: ") + watch.whyNotSteady(0));
                        FaultScenario.pause(Duration.ofSeconds(15));
                    }
                    kills = 0;
                }

                for (int k = 1; k <= kills; k++) {
                    RelayInstance victim = instances.get((k - 1) % instances.size());
                    Phase phase = scenario.run(Fault.of("SIGKILL " + k + "/" + kills + " of " + victim.name()
                            + ", restarted", victim::kill, Duration.ZERO,
                            () -> victim.startAndAwaitReady(Duration.ofMinutes(5))), k == kills);
                    killRows.add(phase.name());
                }
                if (options.containsKey("--hold")) {
                    return true;
                }
                scenario.run(Fault.of("broker stopped " + brokerOutage.toSeconds() + " s, restarted", kafka::stop,
                        brokerOutage, kafka::start));
                scenario.run(Fault.of("database restarted (clean shutdown, start)", db::stop, Duration.ZERO, db::start));
                if (instances.size() == 3) {
                    RelayInstance third = instances.get(2);
                    scenario.run(Fault.permanent("graceful stop (SIGTERM) of " + third.name() + ", two left",
                            third::stop));
                }
                RelayInstance second = instances.get(1);
                scenario.run(Fault.permanent("SIGKILL of " + second.name() + ", one of two, not restarted",
                        second::kill));
            } finally {
                generator.stop();
            }
            LoadGenerator.Summary summary = loading.get(5, TimeUnit.MINUTES);
            out.println("\n=== after the load");
            JournalChecker.Result last = scenario.check();
            RelayInstance survivor = instances.get(0);
            StatusCounts.Comparison counts = StatusCounts.compare(survivor.viewer(), survivor.operator(), jdbcUrl,
                    APP_USER, appPassword, Duration.ofMinutes(3));
            out.println(counts.describe());
            String spreadAtEnd = Spread.describe(instances, admin, STREAMS_APPLICATION_ID);
            out.println(spreadAtEnd);

            boolean holds = summary.clean() && last.holds() && counts.holds()
                    && scenario.phases().stream().allMatch(p -> p.recovery().recovered());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            report.add(header(dbVersion, tls != null, took, summary, holds));
            report.add("## How the work was spread at the start\n\n" + spreadAtStart + "\n\n" + bus + "\n");
            report.add("## Recovery per phase\n\n" + scenario.table() + "\n");
            report.add("## Checker after the load\n\n```\n" + last.table() + "\n```\n\n" + counts.describe() + "\n");
            report.add("## Load\n\n```\n" + summary.table().strip() + "\n```\n");
            report.add("## Spread at the end\n\n" + spreadAtEnd + "\n");
            Path result = Path.of(options.getOrDefault("--result", work.resolve("result.md").toString()));
            Files.createDirectories(result.toAbsolutePath().getParent());
            Files.writeString(result, String.join("\n", report), StandardCharsets.UTF_8);
            out.println("\n" + scenario.table());
            out.println("\nResult written to " + result + (holds ? "" : " — FAILED"));
            return holds;
        }
    }

    private void writeAccess(List<RelayInstance> all, String orderToken, String viewerToken, String operatorToken,
            String jdbcUrl, String appPassword, KafkaServer kafka, Map<String, String> kafkaClient) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# the long form's shape, for hand runs (secrets: mode 600)");
        lines.add("urls=" + String.join(",", all.stream().map(i -> i.base().toString()).toList()));
        lines.add("order-service.token=" + orderToken);
        lines.add("viewer.authorization=" + viewerToken);
        lines.add("operator.authorization=" + operatorToken);
        lines.add("jdbc.url=" + jdbcUrl);
        lines.add("jdbc.user=" + APP_USER);
        lines.add("jdbc.password=" + appPassword);
        lines.add("kafka.bootstrap=" + kafka.bootstrapServers());
        kafkaClient.forEach((key, value) -> lines.add("kafka." + key + "=" + value));
        Path file = work.resolve("access.properties");
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    private String header(String dbVersion, boolean tls, Duration took, LoadGenerator.Summary summary,
            boolean holds) {
        List<String> lines = new ArrayList<>();
        lines.add("# Fault suite, long form: result");
        lines.add("");
        lines.add("Command: `scripts/fault-suite " + String.join(" ", options.entrySet().stream()
                .map(e -> e.getKey().equals("--tls") ? "--tls" : e.getKey() + " " + e.getValue()).toList()) + "`"
                + " — finished " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " after "
                + LoadOptions.format(took) + ".");
        lines.add("");
        lines.add("Shape: MariaDB " + dbVersion + " (Debian package, own instance, binlog ROW/FULL, sync_binlog=1); "
                + "Kafka " + AppInfoParser.getVersion() + ", one KRaft node in its own JVM; " + instances.size()
                + " instances of the packaged jar with the `prod` profile; " + (tls
                        ? "TLS on every link (HTTPS; SASL_SSL with SCRAM-SHA-512 to Kafka for producers, Streams, bus, "
                                + "Debezium's stores and admin; TLS to MariaDB for the pool and the binlog readers)"
                        : "no TLS")
                + "; binlog keep-alive " + options.getOrDefault("--cdc-keep-alive", "the service's default (2 s)") + ".");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Load: %,d changes acknowledged (%,.0f/s), %,d deliveries started, "
                + "%,d errors, %,d lives abandoned. Verdict: **%s**.", summary.acknowledgedChanges(),
                summary.changesPerSecond(), summary.started(), summary.errors(), summary.abandoned(),
                holds ? "nothing lost, nothing reordered, every fault recovered" : "FAILED"));
        lines.add("");
        return String.join("\n", lines);
    }

    private Map<String, String> instanceConfiguration(String name, int port, int dbPort, String cdcPassword,
            @Nullable TlsMaterial tls, String kafkaPassword, Map<String, Object> tokenKey) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("server.port", Integer.toString(port));
        // unique per instance: Streams static member, bus id, state dir (relative paths resolve in the working dir)
        c.put("spring.kafka.streams.properties.group.instance.id", "delivery-relay-" + name);
        c.put("relay.bus.instance-id", name);
        c.put("spring.kafka.streams.state-dir", "./kafka-streams");
        // one broker here: every topic with one replica (a three-broker cluster keeps the prod profile's 3 / 2)
        c.put("relay.kafka.replication-factor", "1");
        c.put("relay.kafka.min-insync-replicas", "1");
        // the binlog readers' host and port come from the datasource URL, as an operator following the README has it
        c.put("relay.cdc.username", CDC_USER);
        c.put("relay.cdc.password", cdcPassword);
        String keepAlive = options.get("--cdc-keep-alive");
        if (keepAlive != null) {
            c.put("relay.cdc.keep-alive-interval", loadgenDuration(keepAlive).toMillis() + "ms");
        }
        TestUsers.properties().forEach(c::put);
        tokenKey.forEach((key, value) -> c.put(key, String.valueOf(value)));
        if (tls != null) {
            // HTTPS with a Boot SSL bundle from PEM files
            c.put("spring.ssl.bundle.pem.relay-http.keystore.certificate", "file:" + tls.certificate("relay"));
            c.put("spring.ssl.bundle.pem.relay-http.keystore.private-key", "file:" + tls.privateKey("relay"));
            c.put("server.ssl.bundle", "relay-http");
            // Kafka: one configuration for every client the application runs
            c.put("spring.kafka.security.protocol", "SASL_SSL");
            c.put("spring.kafka.ssl.trust-store-location", "file:" + tls.trustStore());
            c.put("spring.kafka.ssl.trust-store-password", tls.password());
            c.put("spring.kafka.ssl.trust-store-type", "PKCS12");
            c.put("spring.kafka.properties.sasl.mechanism", KafkaServer.SCRAM_MECHANISM);
            c.put("spring.kafka.properties.sasl.jaas.config", KafkaServer.scramLogin(KAFKA_USER, kafkaPassword));
            // the binlog readers: TLS to MariaDB, certificate checked against the CA and the host name
            c.put("relay.cdc.properties.database.ssl.mode", "verify-full");
            c.put("relay.cdc.properties.database.ssl.truststore", tls.trustStore().toString());
            c.put("relay.cdc.properties.database.ssl.truststore.password", tls.password());
        }
        return c;
    }

    /**
     * The application's JDBC URL: MariaDB's own driver (on the class path for Debezium anyway). MySQL's driver
     * reads MariaDB 10.x's version as "5.5.5-10.11…", takes it for MySQL 5.5 and silently drops fractional
     * seconds, so a repeated hand-over no longer matches its stored {@code requestedAt} (409) and every
     * {@code occurredAt} loses its milliseconds; MariaDB 11 no longer sends that prefix. With TLS, the server
     * certificate is verified against the CA and the host name.
     */
    private static String jdbcUrl(int port, @Nullable TlsMaterial tls) {
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
        if (tls == null) {
            return url;
        }
        return url + "?sslMode=verify-full&serverSslCert=" + tls.caCertificate();
    }

    private static OutboxTopic deliveryTopic(String jdbcUrl, String password) throws Exception {
        try (var connection = DriverManager.getConnection(jdbcUrl, APP_USER, password);
                var query = connection.prepareStatement(
                        "SELECT table_prefix, shard_count FROM outbox_topic WHERE topic = ?")) {
            query.setString(1, delivery.DeliveryEvent.TOPIC);
            try (var rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("No outbox_topic row for " + delivery.DeliveryEvent.TOPIC);
                }
                return new OutboxTopic(delivery.DeliveryEvent.TOPIC, rows.getString(1), rows.getInt(2));
            }
        }
    }

    private static String token(String subject, Instant expiresAt, String role) {
        return TestTokens.token(TestTokens.trusted(), TestTokens.ISSUER, TestTokens.AUDIENCE, expiresAt, subject, role);
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'x').replace('_', 'y');
    }

    private static Duration loadgenDuration(String text) {
        return LoadOptions.duration(text);
    }

    /** Stops whatever is still running, instances first (they flush offsets to the broker), then broker, database. */
    synchronized void stopEverything() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (RelayInstance instance : instances) {
            stops.add(CompletableFuture.runAsync(() -> {
                try {
                    instance.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        stops.forEach(CompletableFuture::join);
        try {
            if (broker != null) {
                broker.stop();
            }
            if (database != null) {
                database.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
