package faultsuite;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jspecify.annotations.Nullable;

/**
 * One Kafka 4.1.2 node (broker and KRaft controller in one process, {@code kafka.Kafka} main) in a JVM of its own,
 * from the {@code kafka_2.13} + {@code kafka-server} jars on Maven Central (the project's own dependencies): its
 * log directory is formatted once, SIGTERM stops it cleanly (controlled shutdown), and its log survives restarts.
 * With TLS, clients connect over SASL_SSL (SCRAM-SHA-512; the users are created when the storage is formatted)
 * and the controller listener is TLS too.
 */
public final class KafkaServer {

    static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    static final String BROKER_USER = "broker";

    private final Path home;
    private final int port;
    private final int controllerPort;
    private final @Nullable TlsMaterial tls;
    private final Map<String, String> scramUsers;
    private final Map<String, String> clientSecurity;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private @Nullable Process process;

    /**
     * A plaintext broker, as the relay benchmark's "broker apart" scenario uses it.
     *
     * @param settings broker settings over this class's (e.g. those of the embedded broker, for a like-for-like run)
     */
    public static KafkaServer plaintext(Path home, int port, int controllerPort, Map<String, String> settings) {
        KafkaServer server = new KafkaServer(home, port, controllerPort, null, Map.of(), Map.of());
        server.settings.putAll(settings);
        return server;
    }

    /**
     * @param scramUsers with TLS: the SCRAM users (name → password) to create, the broker's own among them
     */
    KafkaServer(Path home, int port, int controllerPort, @Nullable TlsMaterial tls, Map<String, String> scramUsers,
            Map<String, String> clientSecurity) {
        this.home = home.toAbsolutePath().normalize();
        this.port = port;
        this.controllerPort = controllerPort;
        this.tls = tls;
        this.scramUsers = Map.copyOf(scramUsers);
        this.clientSecurity = Map.copyOf(clientSecurity);
    }

    static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    Path logDir() {
        return home.resolve("log");
    }

    /** Writes the configuration and formats the log directory once (what {@code kafka-storage.sh format} does). */
    public void format(String clusterId) throws IOException, InterruptedException {
        Files.createDirectories(logDir());
        writeConfiguration();
        if (Files.exists(logDir().resolve("meta.properties"))) {
            return;
        }
        List<String> arguments = new ArrayList<>(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                home.resolve("server.properties").toString()));
        if (tls != null) {
            scramUsers.forEach((user, password) -> arguments.addAll(List.of("--add-scram",
                    SCRAM_MECHANISM + "=[name=" + user + ",password=" + password + "]")));
        }
        Process tool = java(arguments, home.resolve("format.log"));
        if (!tool.waitFor(2, TimeUnit.MINUTES) || tool.exitValue() != 0) {
            throw new IllegalStateException("Formatting the Kafka log failed, see " + home.resolve("format.log"));
        }
    }

    public void start() throws IOException {
        process = java(List.of("kafka.Kafka", home.resolve("server.properties").toString()), home.resolve("broker.out"));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Kafka broker exited with " + process.exitValue() + ", see "
                        + home.resolve("broker.log"));
            }
            return answers();
        });
    }

    /** SIGTERM: the broker's controlled shutdown. */
    public void stop() throws InterruptedException {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!running.waitFor(2, TimeUnit.MINUTES)) {
                running.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    /** The broker's process id (its CPU and memory are measured apart from the application's), or -1. */
    public long pid() {
        Process running = process;
        return running == null ? -1 : running.pid();
    }

    private boolean answers() {
        Map<String, Object> config = new HashMap<>(clientSecurity);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    private Process java(List<String> arguments, Path output) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx768m",
                "-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")),
                "-Dlogback.configurationFile=" + home.resolve("logback.xml"),
                "-cp", classPath()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
    }

    /**
     * The class path this code was loaded from. Under {@code mvn exec:java} (the benchmark) {@code java.class.path}
     * is Maven's own launcher and the project's class path lives only in the plugin's {@link URLClassLoader}.
     */
    private static String classPath() {
        if (KafkaServer.class.getClassLoader() instanceof URLClassLoader loader) {
            return Arrays.stream(loader.getURLs()).map(url -> {
                try {
                    return Path.of(url.toURI()).toString();
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private void writeConfiguration() throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", logDir().toString());
        p.put("num.partitions", "1");
        // topics are declared by the application, with their partitions and replication
        p.put("auto.create.topics.enable", "false");
        // a one-node cluster: internal topics with one replica (a three-node cluster keeps the defaults: 3 / min ISR 2)
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        if (tls == null) {
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
        } else {
            p.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
            p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
            p.put("inter.broker.listener.name", "SASL_SSL");
            p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    scramLogin(BROKER_USER, scramUsers.get(BROKER_USER)));
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", tls.keyStore("kafka").toString());
            p.put("ssl.keystore.password", tls.password());
            p.put("ssl.key.password", tls.password());
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", tls.trustStore().toString());
            p.put("ssl.truststore.password", tls.password());
            p.put("ssl.client.auth", "none");
        }
        p.putAll(settings);
        try (Writer out = Files.newBufferedWriter(home.resolve("server.properties"), StandardCharsets.UTF_8)) {
            out.write("# written by faultsuite.KafkaServer (the fault suite's long form, the relay benchmark)\n");
            for (var entry : p.entrySet()) {
                out.write(entry.getKey() + "=" + entry.getValue() + "\n");
            }
        }
        Files.writeString(home.resolve("logback.xml"), """
                <configuration>
                  <appender name="file" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level [%%thread] %%logger{30} - %%msg%%n</pattern></encoder>
                  </appender>
                  <logger name="kafka" level="INFO"/>
                  <logger name="org.apache.kafka" level="INFO"/>
                  <logger name="state.change.logger" level="WARN"/>
                  <root level="WARN"><appender-ref ref="file"/></root>
                </configuration>
                """.formatted(home.resolve("broker.log")));
    }
}
