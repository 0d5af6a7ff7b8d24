package benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import loadgen.JournalChecker;
import loadgen.LoadGenerator;
import loadgen.LoadOptions;
import platform.JarProcess;
import platform.embedded.LocalPorts;

/**
 * The product as an order service meets it: the packaged jar, started as a user starts it ({@code java -jar}, the
 * embedded MariaDB and Kafka broker, every default), driven by the load generator over authenticated HTTP (the
 * bearer token the embedded run minted for its order service). A change counts when the service acknowledged it;
 * the run then checks that every acknowledged change reached {@code delivery.events} in order (the load checker)
 * and that the analytics step consumed all of it.
 *
 * <p>Two phases, as in the in-process scenarios: a <b>peak</b> phase in a closed model (a fixed number of delivery
 * lives in flight, each walked through its whole life; the next starts when one ends, so no backlog builds) and a
 * <b>half-load</b> phase in an open model, paced to half the peak's rate, for latencies. CPU is read per process
 * (the application's JVM, which also runs the embedded broker; mariadbd), memory as the sum of both processes' RSS.
 */
final class HttpEndToEnd {

    /** One second of the run, for the plots. */
    record Sample(double atSeconds, double acknowledgedPerSecond, double consumedPerSecond, double p50Millis,
            double p99Millis, double stackRssMiB) {
    }

    record Result(double changesPerSecond, double relayedPerSecond, double peakP50, double peakP99, double halfLoad,
            double halfP50, double halfP99, long commitToConsumerP50, long commitToConsumerP99, String commitToKafkaP99,
            Map<String, Double> cpuPerThousand, double driverCpuPerThousand, long peakRssBytes, long throttled,
            JournalChecker.Result check, String analytics, Guarantees guarantees, List<Sample> samples,
            Duration halfLoadStartsAt, String peakSummary, String halfSummary, Map<ThreadCpu.Part, Double> threads) {
    }

    private final Path home;
    private final Duration phase;
    private final Duration warmUp;
    private final int lives;
    private final BenchmarkTuning tuning;
    private final List<Sample> samples = new ArrayList<>();

    HttpEndToEnd(Path home, Duration phase, Duration warmUp, int lives, BenchmarkTuning tuning) {
        this.home = home;
        this.phase = phase;
        this.warmUp = warmUp;
        this.lives = lives;
        this.tuning = tuning;
    }

    Result measure() throws Exception {
        int httpPort = LocalPorts.free();
        int dbPort = LocalPorts.free();
        int kafkaPort = LocalPorts.free();
        Path data = home.resolve("data");
        List<String> arguments = new ArrayList<>(List.of("--relay.embedded.data-dir=" + data,
                "--relay.embedded.mariadb.port=" + dbPort, "--relay.embedded.kafka.port=" + kafkaPort,
                "--relay.embedded.kafka.controller-port=" + LocalPorts.free()));
        arguments.addAll(tuning.jarArguments());
        System.out.println("jar: java " + String.join(" ", tuning.jarJvmOptions()) + " -jar "
                + System.getProperty("relay.test.jar", "target/delivery-relay-0.1.0-SNAPSHOT.jar") + " "
                + String.join(" ", arguments) + " (log: " + home.resolve("relay.log") + ")");
        // the JVM's default heap, as the README's `java -jar` runs it, unless BENCHMARK_JAR_JAVA_OPTS says otherwise
        try (JarProcess jar = JarProcess.start(home.resolve("relay.log"), httpPort, arguments, Map.of(), null,
                tuning.jarJvmOptions())) {
            jar.awaitReady(Duration.ofMinutes(4));
            String base = "http://127.0.0.1:" + httpPort;
            String bootstrap = "127.0.0.1:" + kafkaPort;
            String jdbc = "jdbc:mysql://127.0.0.1:" + dbPort + "/relay?sslMode=DISABLED&allowPublicKeyRetrieval=true"
                    + "&connectionTimeZone=UTC";
            // the settings the jar runs with: its defaults and what a tuning experiment changed
            Properties defaults = Guarantees.jarSettings(tuning.properties());
            Guarantees guarantees = Guarantees.ofEmbeddedJar(base, jdbc, data, defaults);
            System.out.println("guarantees: " + guarantees.line());

            long jvmPid = jar.process().pid();
            long mariadbPid = ProcessMeter.mariadbPid(data.resolve("mariadb"));
            Path journals = home.resolve("journals");
            try (RelayBenchmark.EventCounter events = new RelayBenchmark.EventCounter(bootstrap);
                    ProcessMeter stack = new ProcessMeter(stackPids(jvmPid, mariadbPid))) {
                // The benchmark measures capacity, so the operator opens the intake gate for the run, as before any
                // load test: going from idle to full speed is exactly the surge the per-order-service alarm sheds
                // (429), and the warm-up's ramp would trip it
                openIntakeGate(base, data);
                // warm-up: the JIT of the jar, connection pools, the relay's and Streams' first transactions. With
                // the load on the same two cores, C2 takes minutes: 12 s after 400 deliveries the jar ran at half
                // of its warm rate
                System.out.println("warm-up: " + warmUp.toSeconds() + " s of closed-model load");
                start(load(base, data, journals.resolve("warm-up.csv"), "--deliveries", "10000000",
                        "--max-lives", Integer.toString(lives), "--rate", "100000", "--step-gap", "10ms",
                        "--max-duration", warmUp.toMillis() + "ms", "--max-in-flight", Integer.toString(4 * lives),
                        "--progress-every", "10s"))
                        .get(warmUp.toMinutes() + 10, TimeUnit.MINUTES);
                events.awaitQuiet(Duration.ofSeconds(2), Duration.ofMinutes(2));

                Sampler sampler = new Sampler(events, stack);
                events.reset();
                // the jar's threads first: the thread dump's own cost then falls before the phase
                Map<String, Double> threadsAtStart = ThreadCpu.snapshot(jvmPid);
                long jvmCpuAtStart = ProcessMeter.cpuNanos(jvmPid);
                ProcessMeter peakCpu = new ProcessMeter(stackPids(jvmPid, mariadbPid));
                long driverBefore = ProcessMeter.cpuNanos(ProcessHandle.current().pid());
                long started = System.nanoTime();
                LoadGenerator peak = load(base, data, journals.resolve("peak.csv"), "--deliveries", "10000000",
                        "--max-lives", Integer.toString(lives), "--rate", "100000", "--step-gap", "10ms",
                        "--max-duration", phase.toSeconds() + "s", "--max-in-flight", Integer.toString(4 * lives));
                sampler.follow(peak);
                FutureTask<LoadGenerator.Summary> peakRun = start(peak);
                Thread.sleep(phase);
                long acknowledgedInPhase = peak.acknowledgedChanges();
                double phaseSeconds = (System.nanoTime() - started) / 1e9;
                // CPU over exactly the phase, per change acknowledged in it (the relay keeps up: see relayed/s)
                Map<String, Double> cpu = peakCpu.cpuMillisPer(acknowledgedInPhase, 1000);
                double driverCpu = (ProcessMeter.cpuNanos(ProcessHandle.current().pid()) - driverBefore) / 1e6
                        / acknowledgedInPhase * 1000;
                peak.stop();
                LoadGenerator.Summary peakSummary = peakRun.get(10, TimeUnit.MINUTES);
                // by thread from the phase's start to the load's end (its requests in flight answered), the process
                // CPU read right after the dump, per change acknowledged in that time
                Map<String, Double> threadsAtEnd = ThreadCpu.snapshot(jvmPid);
                double jvmCpuMs = (ProcessMeter.cpuNanos(jvmPid) - jvmCpuAtStart) / 1e6;
                Map<ThreadCpu.Part, Double> threads = threadsAtStart.isEmpty() || threadsAtEnd.isEmpty() ? Map.of()
                        : ThreadCpu.perPart(threadsAtStart, threadsAtEnd, jvmCpuMs, peak.acknowledgedChanges());
                events.awaitQuiet(Duration.ofSeconds(2), Duration.ofMinutes(2));
                long relayed = events.count();
                double relayedPerSecond = relayed / ((events.lastSeenNanos() - started) / 1e9);
                peakCpu.close();
                double changesPerSecond = acknowledgedInPhase / phaseSeconds;
                double eventsPerDelivery = (double) relayed / Math.max(1, peakSummary.started());
                System.out.printf("HTTP peak: %,.0f acknowledged changes/s, %,.0f events/s relayed; p50 %.1f ms, "
                        + "p99 %.1f ms; CPU ms per 1,000 changes %s%n", changesPerSecond, relayedPerSecond,
                        peak.changeLatencyMillis(50), peak.changeLatencyMillis(99), cpu);

                double halfLoadEvents = relayedPerSecond / 2;
                double handOversPerSecond = halfLoadEvents / eventsPerDelivery;
                events.reset();
                RelayLagHistogram lagBeforeHalf = RelayLagHistogram.read(base);
                Duration halfStartsAt = Duration.ofNanos(System.nanoTime() - started);
                LoadGenerator half = load(base, data, journals.resolve("half-load.csv"),
                        "--deliveries", Long.toString((long) (handOversPerSecond * phase.toSeconds())),
                        "--rate", String.format(java.util.Locale.ROOT, "%.2f", handOversPerSecond),
                        "--step-gap", "200ms", "--max-in-flight", Integer.toString(4 * lives));
                sampler.follow(half);
                LoadGenerator.Summary halfSummary = start(half).get(10, TimeUnit.MINUTES);
                events.awaitQuiet(Duration.ofSeconds(2), Duration.ofMinutes(2));
                sampler.close();
                // the measure itself, from the relay's own timer: commit to Kafka's acknowledgement
                RelayLagHistogram halfLoadLag = RelayLagHistogram.read(base).since(lagBeforeHalf);
                String commitToKafkaP99 = halfLoadLag.describe(0.99) + " (relay.lag, " + halfLoadLag.count()
                        + " events)";
                System.out.printf("HTTP half load (%.0f events/s offered): p50 %.1f ms, p99 %.1f ms; commit→consumer "
                        + "p50 %d ms, p99 %d ms; commit→Kafka p99 %s%n", halfLoadEvents, half.changeLatencyMillis(50),
                        half.changeLatencyMillis(99), events.latencyPercentile(0.5), events.latencyPercentile(0.99),
                        commitToKafkaP99);

                JournalChecker.Result check = JournalChecker.check(JournalChecker.Options.parse(
                        "--journal", journals.resolve("warm-up.csv") + "," + journals.resolve("peak.csv") + ","
                                + journals.resolve("half-load.csv"),
                        "--bootstrap", bootstrap, "--jdbc", jdbc, "--data-dir", data.toString()));
                System.out.println(check.table());
                String analytics = analyticsCaughtUp(bootstrap,
                        defaults.getProperty("spring.kafka.streams.application-id", "delivery-relay-analytics"));
                System.out.println("analytics: " + analytics);
                synchronized (samples) {
                    return new Result(changesPerSecond, relayedPerSecond, peak.changeLatencyMillis(50),
                            peak.changeLatencyMillis(99), halfLoadEvents, half.changeLatencyMillis(50),
                            half.changeLatencyMillis(99), events.latencyPercentile(0.5), events.latencyPercentile(0.99),
                            commitToKafkaP99, cpu, driverCpu, stack.peakRssBytes(),
                            peakSummary.throttled503() + peakSummary.throttled429() + halfSummary.throttled503()
                                    + halfSummary.throttled429(),
                            check, analytics, guarantees, List.copyOf(samples), halfStartsAt, peakSummary.table(),
                            halfSummary.table(), threads);
                }
            }
        }
    }

    private static Map<String, Long> stackPids(long jvmPid, long mariadbPid) {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("application JVM (app, relay, analytics, embedded broker)", jvmPid);
        pids.put("mariadbd", mariadbPid);
        return pids;
    }

    private static LoadGenerator load(String base, Path data, Path journal, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--url", base, "--data-dir", data.toString(),
                "--journal", journal.toString(), "--progress-every", "1s", "--seed", "20261128"));
        arguments.addAll(List.of(more));
        return new LoadGenerator(LoadOptions.parse(arguments.toArray(String[]::new)), System.out);
    }

    private static FutureTask<LoadGenerator.Summary> start(LoadGenerator generator) {
        FutureTask<LoadGenerator.Summary> running = new FutureTask<>(generator::run);
        Thread.ofPlatform().name("benchmark-load").start(running);
        return running;
    }

    /**
     * {@code PUT /admin/intake-gate} as the embedded run's operator: forced open for the run, with a reason, as the
     * README's operator would before a load test (the override is audited and ends by itself).
     */
    private static void openIntakeGate(String base, Path data) throws IOException, InterruptedException {
        Properties tokens = new Properties();
        try (var reader = java.nio.file.Files.newBufferedReader(data.resolve("http-tokens.properties"))) {
            tokens.load(reader);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + "/admin/intake-gate"))
                    .header("Authorization", "Bearer " + tokens.getProperty("operator.token"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"OPEN\",\"duration\":\"PT2H\","
                            + "\"reason\":\"benchmark: measures capacity, not surge protection\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("opening the intake gate answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            System.out.println("intake gate: forced open by the operator for the run");
        }
    }

    /** Waits until the analytics step's committed offsets reach the end of delivery.events. */
    private static String analyticsCaughtUp(String bootstrap, String applicationId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long started = System.nanoTime();
            long[] lag = { Long.MAX_VALUE };
            try {
                Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                            .partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                    admin.describeTopics(List.of(delivery.DeliveryEvent.TOPIC)).allTopicNames().get()
                            .get(delivery.DeliveryEvent.TOPIC).partitions()
                            .forEach(p -> latest.put(new TopicPartition(delivery.DeliveryEvent.TOPIC, p.partition()),
                                    OffsetSpec.latest()));
                    var ends = admin.listOffsets(latest).all().get();
                    long sum = 0;
                    for (var end : ends.entrySet()) {
                        OffsetAndMetadata at = committed.get(end.getKey());
                        sum += end.getValue().offset() - (at == null ? 0 : at.offset());
                    }
                    lag[0] = sum;
                    return sum <= 0;
                });
                return "on, consumed all of " + delivery.DeliveryEvent.TOPIC + " (lag 0, "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms after the load)";
            } catch (ConditionTimeoutException e) {
                return "on, NOT caught up: lag " + lag[0] + " records after 2 min";
            }
        }
    }

    /** Once a second: the generator's last progress line, the events consumed since, the stack's RSS. */
    private final class Sampler implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile LoadGenerator generator;
        private final long origin = System.nanoTime();

        Sampler(RelayBenchmark.EventCounter events, ProcessMeter stack) {
            thread = Thread.ofPlatform().daemon().name("benchmark-sampler").start(() -> {
                long lastCount = 0;
                int seen = 0;
                LoadGenerator current = null;
                while (running.get()) {
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                    long count = events.count();
                    long consumed = count >= lastCount ? count - lastCount : count; // reset between phases
                    lastCount = count;
                    if (generator != current) {
                        current = generator;
                        seen = 0;
                    }
                    var lines = current == null ? List.<LoadGenerator.Progress>of() : current.progressLines();
                    double acked = 0;
                    double p50 = Double.NaN;
                    double p99 = Double.NaN;
                    if (lines.size() > seen) {
                        LoadGenerator.Progress line = lines.get(lines.size() - 1);
                        seen = lines.size();
                        acked = line.changesPerSecond();
                        p50 = line.p50Millis();
                        p99 = line.p99Millis();
                    }
                    synchronized (samples) {
                        samples.add(new Sample((System.nanoTime() - origin) / 1e9, acked, consumed, p50, p99,
                                stack.rssBytes() / 1048576.0));
                    }
                }
            });
        }

        void follow(LoadGenerator next) {
            generator = next;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
