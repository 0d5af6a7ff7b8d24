package benchmark;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.springframework.util.unit.DataSize;

import analytics.adapter.in.streams.BoundedStateStoreMemory;
import analytics.adapter.in.streams.DeliveryIntegrationTopology;
import analytics.adapter.in.streams.RelayRecords;
import analytics.application.AnalyticsProperties;
import analytics.domain.DeadLetter;
import analytics.domain.DeliveryEvents;
import analytics.domain.IntegratedDelivery;
import delivery.DeliveryEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import platform.TestServers;
import platform.embedded.EmbeddedKafkaBroker;
import platform.embedded.LocalPorts;

/**
 * How many integrated records per second the analytics step sustains on this machine: N deliveries' whole lives
 * (5 events each, many deliveries in flight at once, as the relay interleaves them) are produced to
 * {@code delivery.events} first, then the real topology runs over them with {@code exactly_once_v2} on a real
 * broker (in this JVM, as in the relay benchmark) until it has published one integrated record per event. Not a
 * test: nothing here asserts a time.
 *
 * <p>Run: {@code scripts/benchmark-analytics [deliveries] [stream threads]}, e.g. {@code 20000 1}.
 */
public final class AnalyticsBenchmark {

    static final int IN_FLIGHT = 2_000;
    static final int PARTITIONS = 12;

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path root = Path.of("target", "benchmark", "analytics").toAbsolutePath();
        TestServers.deleteRecursively(root);
        Files.createDirectories(root);
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(root.resolve("kafka"), LocalPorts.free(),
                LocalPorts.free())) {
            createTopics(kafka.bootstrapServers());
            long events = produce(kafka.bootstrapServers(), deliveries);
            Result result = run(kafka.bootstrapServers(), root.resolve("streams"), threads, events);
            String line = "| %s | %d | %d | %d | %.0f | %.0f | %d |".formatted(LocalDateTime.now().withNano(0),
                    deliveries, events, threads, result.perSecond(), result.cpuMsPer1000(), result.ended());
            System.out.println("| run | deliveries | events | stream threads | integrated records/s | CPU ms per 1000 records (JVM incl. broker) | deliveries ended |");
            System.out.println("|---|---|---|---|---|---|---|");
            System.out.println(line);
            Files.writeString(root.resolve("results.md"), line + System.lineSeparator());
        }
        System.exit(0);
    }

    static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : List.of(DeliveryEvent.TOPIC, DeadLetter.REDRIVE_TOPIC, DeadLetter.TOPIC,
                    IntegratedDelivery.TOPIC)) {
                topics.add(new NewTopic(topic, PARTITIONS, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
    }

    /** Whole lives, {@link #IN_FLIGHT} deliveries at a time, one step of each in turn: as the relay interleaves them. */
    static long produce(String bootstrap, int deliveries) throws Exception {
        long events = 0;
        Instant base = Instant.now().minus(Duration.ofMinutes(30));
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int start = 0; start < deliveries; start += IN_FLIGHT) {
                List<DeliveryEvent[]> lives = new ArrayList<>();
                for (int i = start; i < Math.min(deliveries, start + IN_FLIGHT); i++) {
                    lives.add(DeliveryEvents.ofNewDelivery().wholeLife());
                }
                for (int step = 0; step < 5; step++) {
                    for (DeliveryEvent[] life : lives) {
                        TestRecord<String, byte[]> record = RelayRecords.of(life[step],
                                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
                        long timestamp = base.plusMillis(events / 10).toEpochMilli();
                        producer.send(new ProducerRecord<>(DeliveryEvent.TOPIC, null, timestamp, record.key(),
                                record.value(), record.headers()));
                        events++;
                    }
                }
            }
            producer.flush();
        }
        return events;
    }

    record Result(double perSecond, double cpuMsPer1000, long ended) {
    }

    static Result run(String bootstrap, Path stateDir, int threads, long events) throws Exception {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-benchmark");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        config.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AnalyticsProperties settings = new AnalyticsProperties(true, Duration.ofHours(6), Duration.ofHours(24),
                Duration.ofMinutes(1), Duration.ofMinutes(5),
                new AnalyticsProperties.Topics(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(7)),
                new AnalyticsProperties.Redrive(10_000, Duration.ofSeconds(5)),
                new AnalyticsProperties.StateStores(DataSize.ofMegabytes(128), DataSize.ofMegabytes(64)));
        // the stores' memory as the service bounds it
        BoundedStateStoreMemory.addUnlessSet(config, settings.stateStores());
        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (KafkaStreams streams = new KafkaStreams(DeliveryIntegrationTopology.topology(settings, meters, config),
                config)) {
            streams.start();
            // a fine poll: the measured time starts at the first integrated record
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> meters.counter("analytics.deliveries.integrated").count() >= 1);
            long startNanos = System.nanoTime();
            long startCpu = cpu.getProcessCpuTime();
            double startCount = meters.counter("analytics.deliveries.integrated").count();
            await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(5)).until(() -> {
                if (streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("the Streams client failed");
                }
                return meters.counter("analytics.deliveries.integrated").count() >= events;
            });
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double cpuMs = (cpu.getProcessCpuTime() - startCpu) / 1e6;
            double records = events - startCount;
            long ended = (long) meters.counter("analytics.deliveries.ended", "outcome", "delivered").count();
            return new Result(records / seconds, cpuMs / records * 1000, ended);
        }
    }

    private AnalyticsBenchmark() {
    }

    static {
        try {
            Files.createDirectories(Path.of("target", "tmp"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
