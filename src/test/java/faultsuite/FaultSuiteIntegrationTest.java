package faultsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import faultsuite.FaultScenario.Fault;
import faultsuite.FaultScenario.Phase;
import loadgen.JournalChecker;
import loadgen.LoadGenerator;
import loadgen.LoadOptions;
import outbox.domain.OutboxTopic;
import platform.JarProcess;
import platform.TestServers;
import platform.TestTokens;
import platform.embedded.EmbeddedMariaDb;
import platform.embedded.LocalPorts;

/**
 * The fault suite's short form: the packaged jar under load from the load generator, through one SIGKILL and
 * restart of the application, a 10 s broker outage and a database restart. After each fault the checker holds
 * every acknowledged change to the promise — on the topic, once per event id, in order per delivery — and the
 * recovery is timed. The long form (production shape, twenty kills, a 60 s outage, two instances) is
 * {@code scripts/fault-suite}; see docs/fault-suite.md.
 *
 * <p>Everything runs on the service's defaults, among them the binlog readers' 2 s keep-alive
 * ({@code relay.cdc.keep-alive-interval}; with Debezium's own 60 s a database restart stalled every shard for a
 * minute and more).
 */
class FaultSuiteIntegrationTest {

    static final Duration RECOVERY_LIMIT = Duration.ofMinutes(2);
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final Path DIR = Path.of("target", "fault-suite-it", RUN);

    final List<JarProcess> started = new ArrayList<>();

    @BeforeAll
    static void quietServers() {
        // the broker and MariaDB run in this JVM, without Spring's logging set-up: keep them at WARN
        var logging = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        // the watch's and the checker's consumers warn at every reconnect attempt while the broker is away
        logging.getLogger("org.apache.kafka.clients").setLevel(ch.qos.logback.classic.Level.ERROR);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (JarProcess jar : started) {
            jar.close();
        }
    }

    @Test
    void underLoadNothingAcknowledgedIsLostOrReorderedThroughAKillABrokerOutageAndADatabaseRestart() throws Exception {
        TestServers servers = TestServers.get();
        int httpPort = LocalPorts.free();
        List<String> arguments = arguments(servers);
        AtomicReference<JarProcess> app = new AtomicReference<>(start(httpPort, arguments));
        app.get().awaitReady(Duration.ofMinutes(3));

        URI base = URI.create("http://127.0.0.1:" + httpPort);
        ServiceClient viewer = ServiceClient.of(base, bearer("auditor", "VIEWER"), null);
        ServiceClient operator = viewer.as(bearer("ops", "OPERATOR"));
        LoadOptions load = LoadOptions.parse("--url", base.toString(), "--token", TestTokens.valid("orders", "ORDER_SERVICE"),
                "--read-token", TestTokens.valid("dashboard", "VIEWER"),
                "--deliveries", "1000000", "--rate", "15", "--max-duration", "15m", "--journal",
                DIR.resolve("journal.csv").toString(), "--progress-every", "10s", "--seed", "12");
        LoadGenerator generator = new LoadGenerator(load, System.out);
        FutureTask<LoadGenerator.Summary> loading = new FutureTask<>(generator::run);
        Thread.ofPlatform().name("load").start(loading);

        JournalChecker.Options checker = new JournalChecker.Options(List.of(load.journal()),
                servers.kafka().bootstrapServers(), Map.of(), servers.mariaDb().jdbcUrl(), EmbeddedMariaDb.APP_USER,
                servers.mariaDb().appPassword(), Duration.ofMinutes(2));
        List<Phase> phases;
        FaultScenario scenario;
        try (RelayWatch watch = new RelayWatch(deliveryTopic(servers), servers.kafka().bootstrapServers(), Map.of(),
                () -> List.of(new RelayWatch.Watched("app", viewer)), generator::acknowledgedChanges)) {
            scenario = new FaultScenario(watch, checker, System.out, Duration.ofMinutes(1), RECOVERY_LIMIT,
                    Duration.ofSeconds(3));
            scenario.run(Fault.of("SIGKILL of the application, restarted", () -> app.get().kill(), Duration.ZERO,
                    () -> app.set(start(httpPort, arguments))));
            scenario.run(Fault.of("broker stopped 10 s", servers::stopKafka, Duration.ofSeconds(10), servers::startKafka));
            scenario.run(Fault.of("database restarted", servers::stopMariaDb, Duration.ZERO, servers::startMariaDb));
            phases = scenario.phases();
        } finally {
            generator.stop();
        }
        LoadGenerator.Summary summary = loading.get(3, TimeUnit.MINUTES);
        JournalChecker.Result last = scenario.check();
        StatusCounts.Comparison counts = StatusCounts.compare(viewer, operator, servers.mariaDb().jdbcUrl(),
                EmbeddedMariaDb.APP_USER, servers.mariaDb().appPassword(), Duration.ofMinutes(2));
        PrintStream out = System.out;
        out.println();
        out.println(scenario.table());
        out.println(counts.describe());

        assertThat(summary.errors()).as("load errors (refused, gave up, crashed lives), see the output").isZero();
        assertThat(summary.abandoned()).as("lives left unfinished").isZero();
        assertThat(summary.acknowledgedChanges()).as("changes acknowledged under load").isGreaterThan(1_000);
        for (Phase phase : phases) {
            assertThat(phase.steadyBefore()).as(phase.name() + ": steady before the fault").isTrue();
            assertThat(phase.recovery().recovered()).as(phase.name() + ": recovered within " + RECOVERY_LIMIT).isTrue();
            assertThat(phase.check().lost()).as(phase.name() + ": lost").isZero();
            assertThat(phase.check().reordered()).as(phase.name() + ": reordered").isZero();
            assertThat(phase.check().holds()).as(phase.name() + ": checker verdict\n" + phase.check().table()).isTrue();
        }
        assertThat(last.holds()).as("final checker verdict\n" + last.table()).isTrue();
        assertThat(last.acknowledgedChanges()).as("acknowledged changes in the journal").isPositive();
        assertThat(counts.holds()).as(counts.describe()).isTrue();
    }

    private JarProcess start(int httpPort, List<String> arguments) throws Exception {
        JarProcess jar = JarProcess.start(DIR.resolve("app.log"), httpPort, arguments);
        started.add(jar);
        return jar;
    }

    /** One instance's settings, kept for its restart (same Streams state dir and member id, as on a real host). */
    private static List<String> arguments(TestServers servers) {
        List<String> arguments = new ArrayList<>();
        servers.applicationProperties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments;
    }

    private static String bearer(String subject, String role) {
        return "Bearer " + TestTokens.valid(subject, role);
    }

    private static OutboxTopic deliveryTopic(TestServers servers) throws Exception {
        EmbeddedMariaDb db = servers.mariaDb();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), EmbeddedMariaDb.APP_USER, db.appPassword());
                var query = connection.prepareStatement(
                        "SELECT table_prefix, shard_count FROM outbox_topic WHERE topic = ?")) {
            query.setString(1, delivery.DeliveryEvent.TOPIC);
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).as("outbox_topic row for " + delivery.DeliveryEvent.TOPIC).isTrue();
                return new OutboxTopic(delivery.DeliveryEvent.TOPIC, rows.getString(1), rows.getInt(2));
            }
        }
    }
}
