package faultsuite;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import platform.JarProcess;

/**
 * One instance of the packaged jar with the {@code prod} profile, set up as an operator sets up a host: a working
 * directory of its own with {@code config/application.properties} (ports, member ids, state dir, users, TLS), the
 * connection settings in the environment variables the profile names, its output appended to {@code relay.log}.
 */
final class RelayInstance {

    private final String name;
    private final int httpPort;
    private final Path home;
    private final Map<String, String> environment;
    private final ServiceClient viewer;
    private final ServiceClient operator;
    private volatile @Nullable JarProcess process;

    RelayInstance(String name, int httpPort, Path home, Map<String, String> configuration,
            Map<String, String> environment, ServiceClient viewer, ServiceClient operator) throws IOException {
        this.name = name;
        this.httpPort = httpPort;
        this.home = home.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
        this.viewer = viewer;
        this.operator = operator;
        Path config = Files.createDirectories(this.home.resolve("config")).resolve("application.properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            out.write("# instance '" + name + "' of the fault suite's long form (faultsuite.RelayInstance)\n");
            for (var entry : configuration.entrySet()) {
                out.write(entry.getKey() + "=" + entry.getValue() + "\n");
            }
        }
    }

    String name() {
        return name;
    }

    URI base() {
        return viewer.base();
    }

    ServiceClient viewer() {
        return viewer;
    }

    ServiceClient operator() {
        return operator;
    }

    RelayWatch.Watched watched() {
        return new RelayWatch.Watched(name, viewer);
    }

    /** Starts the jar (returns at once; {@link #awaitReady} waits for it). */
    void start() throws IOException {
        process = JarProcess.start(home.resolve("relay.log"), httpPort, List.of("--spring.profiles.active=prod"),
                environment, home);
    }

    /** Readiness answers UP (probed anonymously, as a load balancer does). */
    void awaitReady(Duration atMost) {
        ServiceClient anonymous = viewer.as("");
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            JarProcess current = process;
            if (current == null || !current.process().isAlive()) {
                throw new IllegalStateException("instance " + name + " exited, see " + home.resolve("relay.log"));
            }
            ServiceClient.Reply reply = anonymous.get("/actuator/health/readiness", Duration.ofSeconds(2));
            return reply != null && reply.status() == 200;
        });
    }

    void startAndAwaitReady(Duration atMost) throws IOException {
        start();
        awaitReady(atMost);
    }

    /** SIGKILL: a crash. */
    void kill() throws InterruptedException {
        JarProcess current = process;
        if (current != null) {
            current.kill();
        }
    }

    /** SIGTERM: a graceful stop (shards handed over, offsets flushed). */
    void stop() throws InterruptedException {
        JarProcess current = process;
        if (current != null) {
            current.close();
        }
    }

    boolean alive() {
        JarProcess current = process;
        return current != null && current.process().isAlive();
    }
}
