package platform.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) inside this JVM, with its log on disk so that
 * topics, offsets and committed consumer positions survive a restart. Internal topics use replication factor 1.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final int port;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a broker whose log lives in {@code logDir}; a port of 0 picks a free one. */
    public static EmbeddedKafkaBroker start(Path logDir, int configuredPort, int configuredControllerPort) {
        Path dir = logDir.toAbsolutePath().normalize();
        int port = LocalPorts.resolve(configuredPort);
        int controllerPort = LocalPorts.resolve(configuredControllerPort);
        LocalPorts.requireFree(port, "embedded Kafka broker", "relay.embedded.kafka.port");
        LocalPorts.requireFree(controllerPort, "embedded Kafka controller", "relay.embedded.kafka.controller-port");

        Properties props = brokerProperties(dir, port, controllerPort);
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
            formatOnce(dir, props);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            log.info("Embedded Kafka broker up on 127.0.0.1:{} (log in {}) after {} ms", port, dir,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return new EmbeddedKafkaBroker(server, port);
        } catch (EmbeddedStartupException e) {
            throw e;
        } catch (Exception e) {
            throw new EmbeddedStartupException("Embedded Kafka broker did not start from " + dir + ": " + e.getMessage(),
                    "If the broker's log directory is damaged, move " + dir + " away to start afresh"
                            + " (relayed events and consumer positions are then gone).",
                    e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker; a second call waits for the first to end and does nothing more. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        StopWithoutInterruption.run("embedded-kafka-stop", () -> {
            server.shutdown();
            server.awaitShutdown();
        });
    }

    private static Properties brokerProperties(Path dir, int port, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.toString());
        props.put("num.partitions", "1");
        // Topics are declared by the application (partitions, replication): a typo must not create one silently.
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "10");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the broker must wait out its own old registration; keep that wait short.
        props.put("broker.session.timeout.ms", "3000");
        props.put("broker.heartbeat.interval.ms", "500");
        return props;
    }

    private static void formatOnce(Path dir, Properties props) throws IOException {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        Path config = dir.resolve("embedded-broker.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "Written by the embedded broker for its one-time storage format");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // StorageTool.execute instead of main: main calls Exit and would end the JVM.
        int exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString(), "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new EmbeddedStartupException(
                    "Formatting the Kafka log directory " + dir + " failed: " + output.toString(StandardCharsets.UTF_8).trim(),
                    "Move " + dir + " away and start again.");
        }
    }
}
