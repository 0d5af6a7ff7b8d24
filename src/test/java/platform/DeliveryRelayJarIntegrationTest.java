package platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
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
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        // each data dir holds its own unpacked MariaDB (~170 MB); keep the logs, drop the data
        TestServers.deleteRecursively(dataDir);
        TestServers.deleteRecursively(dataDir.resolveSibling(dataDir.getFileName() + "-other"));
    }

    @Test
    void runsOnEmbeddedDefaultsAndKeepsDataAcrossARestart() throws Exception {
        Process first = start("first");
        HttpApi api = awaitReady(first);
        Reply created = api.post("/deliveries", handOver());
        assertThat(created.status()).isEqualTo(201);
        String id = created.text("id");
        assertThat(api.get("/deliveries/" + id).text("status")).isEqualTo("CREATED");
        assertThat(api.get("/actuator/health").text("status")).isEqualTo("UP");

        stop(first);
        assertThat(log("first")).contains("Embedded MariaDB up").contains("Graceful shutdown complete");

        Process second = start("second");
        api = awaitReady(second);
        Reply afterRestart = api.get("/deliveries/" + id);
        assertThat(afterRestart.status()).isEqualTo(200);
        assertThat(afterRestart.text("orderId")).isEqualTo(created.text("orderId"));
        assertThat(api.post("/deliveries/" + id + "/assign-rider", "{\"riderId\":\"rider-7\"}").text("status"))
                .isEqualTo("RIDER_ASSIGNED");
        assertThat(api.post("/deliveries", handOver()).status()).as("same order again after restart").isEqualTo(200);
    }

    @Test
    void aPortInUseEndsStartUpWithAOneLineExplanation() throws Exception {
        Process running = start("running");
        awaitReady(running);

        Path otherData = dataDir.resolveSibling(dataDir.getFileName() + "-other");
        Process clash = start("clash", otherData);
        assertThat(clash.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String output = log("clash");
        assertThat(clash.exitValue()).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Port " + mariaDbPort + " for the embedded MariaDB is already in use.")
                .contains("relay.embedded.mariadb.port");
        assertThat(output.lines().filter(line -> line.startsWith("\tat "))).as("stack trace lines").isEmpty();
    }

    @Test
    void aDamagedBrokerDirectoryEndsStartUpWithAOneLineExplanation() throws Exception {
        Process first = start("first");
        awaitReady(first);
        stop(first);
        Files.writeString(dataDir.resolve("kafka").resolve("meta.properties"), "this is not a properties file\u0000");

        Process damaged = start("damaged");
        assertThat(damaged.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String output = log("damaged");
        assertThat(damaged.exitValue()).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Embedded Kafka broker did not start");
        assertThat(output.lines().filter(line -> line.startsWith("\tat "))).as("stack trace lines").isEmpty();
    }

    private Process start(String name) throws IOException {
        return start(name, dataDir);
    }

    private Process start(String name, Path data) throws IOException {
        Files.createDirectories(data);
        JarProcess jar = JarProcess.start(logFile(name), httpPort, List.of(
                "--relay.embedded.data-dir=" + data,
                "--relay.embedded.mariadb.port=" + mariaDbPort,
                "--relay.embedded.kafka.port=" + kafkaPort,
                "--relay.embedded.kafka.controller-port=" + controllerPort));
        started.add(jar.process());
        return jar.process();
    }

    private HttpApi awaitReady(Process process) {
        HttpApi api = new HttpApi(httpPort);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            assertThat(process.isAlive()).as("jar exited early").isTrue();
            try {
                return api.get("/actuator/health/readiness").status() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        return api;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
    }

    private Path logFile(String name) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".log");
    }

    private String log(String name) throws IOException {
        return Files.readString(logFile(name));
    }

    private static String handOver() {
        return """
                {"orderService":"baemin-orders","orderId":"jar-order-1","shopName":"Kimbap Heaven",
                 "pickup":{"address":"1 Teheran-ro","latitude":37.4981,"longitude":127.0276},
                 "dropoff":{"address":"20 Yeoksam-ro","latitude":37.4952,"longitude":127.0331},
                 "requestedAt":"2026-11-26T12:30:00Z"}""";
    }
}
