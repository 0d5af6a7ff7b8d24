package benchmark;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import analytics.ArchiveTopic;
import analytics.IntegratedDeliveries;
import analytics.domain.IntegratedDelivery;
import delivery.DeliveryRelayApplication;
import platform.TestServers;
import platform.embedded.EmbeddedKafkaBroker;
import platform.embedded.EmbeddedMariaDb;
import platform.embedded.LocalPorts;

/**
 * How many integrated delivery records per second the archive writer puts into the archive (Parquet, staged,
 * forced to disk, moved, then committed) on this machine. Not a test: nothing here asserts a time.
 *
 * <p>Two phases on one broker, with the application's default archive settings (10,000 records per file) but a
 * 1 s idle rotation, so that the tail of each partition is not held for a minute:
 * <ul>
 * <li>{@code catch-up}: N records produced first, then the writer started; time from its partitions being
 * assigned (the first commit) to every offset committed: what a writer that fell behind reads per second;</li>
 * <li>{@code live}: N more records produced as fast as one producer can while the writer runs; time from the first
 * send to every offset committed: the rate it keeps up with when records arrive as they are made.</li>
 * </ul>
 * Records come from the same generator as the tests (whole delivery lives, ~4.7 records each, ~1 KB of JSON).
 *
 * <p>Run: {@code scripts/archive-benchmark [records]} (default 200000). Results: target/benchmark-archive/results.md.
 */
public final class ArchiveBenchmark {

    static final String GROUP = "delivery-relay.archive";

    final int records;
    final Path root = Path.of("target", "benchmark-archive").toAbsolutePath();

    ArchiveBenchmark(int records) {
        this.records = records;
    }

    public static void main(String[] args) throws Exception {
        new ArchiveBenchmark(args.length > 0 ? Integer.parseInt(args[0]) : 200_000).run();
        System.exit(0);
    }

    void run() throws Exception {
        TestServers.deleteRecursively(root);
        Files.createDirectories(root);
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(root.resolve("mariadb"), 0, "relay");
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(root.resolve("kafka"), 0, 0);
                ArchiveTopic topic = new ArchiveTopic(kafka.bootstrapServers()).create(12);
                KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
            Random random = new Random(42);
            Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofHours(3));

            long produceStarted = System.nanoTime();
            long bytes = produce(producer, records, start, random);
            double produceSeconds = (System.nanoTime() - produceStarted) / 1e9;
            System.out.printf("produced %d records (%.0f MB of JSON) in %.1f s%n", records, bytes / 1e6,
                    produceSeconds);

            try (ConfigurableApplicationContext app = start(db, kafka)) {
                long caughtUpFrom = awaitFirstCommit(topic);
                topic.awaitAllCommitted(GROUP, Duration.ofMinutes(30));
                double catchUpSeconds = (System.nanoTime() - caughtUpFrom) / 1e9;
                System.out.printf("catch-up: %d records in %.1f s = %.0f records/s%n", records, catchUpSeconds,
                        records / catchUpSeconds);

                long liveStarted = System.nanoTime();
                produce(producer, records, start.plus(Duration.ofHours(1)), random);
                double liveProduceSeconds = (System.nanoTime() - liveStarted) / 1e9;
                topic.awaitAllCommitted(GROUP, Duration.ofMinutes(30));
                double liveSeconds = (System.nanoTime() - liveStarted) / 1e9;
                System.out.printf("live: %d records produced in %.1f s, all archived after %.1f s = %.0f records/s%n",
                        records, liveProduceSeconds, liveSeconds, records / liveSeconds);

                Path archive = root.resolve("archive");
                long files;
                long archiveBytes;
                try (Stream<Path> paths = Files.walk(archive)) {
                    List<Path> all = paths.filter(Files::isRegularFile).toList();
                    files = all.size();
                    archiveBytes = all.stream().mapToLong(ArchiveBenchmark::size).sum();
                }
                long rows = (Long) ArchiveTopic.query(archive, "SELECT count(*) FROM deliveries").getFirst()
                        .getFirst();
                report(records / catchUpSeconds, records / liveSeconds, records / liveProduceSeconds, files,
                        archiveBytes, rows, bytes);
            }
        }
    }

    static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Whole delivery lives until {@code count} records are sent; returns the bytes of JSON sent. */
    static long produce(KafkaProducer<byte[], byte[]> producer, int count, Instant start, Random random) {
        AtomicLong bytes = new AtomicLong();
        int sent = 0;
        int delivery = 0;
        while (sent < count) {
            List<IntegratedDelivery> life = IntegratedDeliveries.life(UUID.randomUUID(),
                    start.plusMillis(delivery++ * 20L), random.nextInt(8) == 0, random);
            for (IntegratedDelivery record : life) {
                if (sent++ == count) {
                    break;
                }
                byte[] value = IntegratedDeliveries.json(record);
                bytes.addAndGet(value.length);
                producer.send(new ProducerRecord<>(ArchiveTopic.TOPIC, ArchiveTopic.key(record.deliveryId()), value));
            }
        }
        producer.flush();
        return bytes.get();
    }

    /** Nanos when the writer's group first committed: its partitions are assigned and it writes. */
    long awaitFirstCommit(ArchiveTopic topic) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> !topic.committed(GROUP).isEmpty());
        return System.nanoTime();
    }

    ConfigurableApplicationContext start(EmbeddedMariaDb db, EmbeddedKafkaBroker kafka) {
        Map<String, Object> properties = new HashMap<>(platform.TestUsers.properties());
        properties.put("relay.embedded.enabled", "false");
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", EmbeddedMariaDb.APP_USER);
        properties.put("spring.datasource.password", db.appPassword());
        properties.put("relay.cdc.hostname", "127.0.0.1");
        properties.put("relay.cdc.port", Integer.toString(db.port()));
        properties.put("relay.cdc.username", EmbeddedMariaDb.CDC_USER);
        properties.put("relay.cdc.password", db.cdcPassword());
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        // only the archive writer works: no relay, no Streams topology
        properties.put("relay.outbox.enabled", "false");
        properties.put("relay.analytics.enabled", "false");
        properties.put("relay.analytics.archive.directory", root.resolve("archive").toString());
        properties.put("relay.analytics.archive.work-directory", root.resolve("archive-work").toString());
        properties.put("relay.analytics.archive.idle-rotation", "1s");
        properties.put("spring.kafka.streams.state-dir", root.resolve("streams").toString());
        properties.put("server.port", Integer.toString(LocalPorts.free()));
        properties.put("logging.level.root", "WARN");
        return new SpringApplicationBuilder(DeliveryRelayApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    void report(double catchUp, double live, double produced, long files, long archiveBytes, long rows,
            long jsonBytes) throws IOException {
        String result = String.format("""
                ## Archive writer, %s

                | records | catch-up | live (producer alone: %.0f/s) | files | archive | bytes/record: Parquet, JSON |
                |---|---|---|---|---|---|
                | %d + %d | %.0f records/s | %.0f records/s | %d | %.1f MB | %.0f vs %.0f |

                rows in the archive: %d (expected %d)
                """, LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), produced, records, records,
                catchUp, live, files, archiveBytes / 1e6, (double) archiveBytes / rows, (double) jsonBytes / records,
                rows, 2L * records);
        Files.writeString(root.resolve("results.md"), result);
        System.out.println(result);
    }
}
