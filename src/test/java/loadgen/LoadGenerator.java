package loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

import loadgen.LoadStats.Operation;
import loadgen.LoadStats.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Simulates the platform's traffic through the public HTTP API, as order and delivery services send it: several
 * order services hand deliveries over; each delivery is walked through its life with realistic pauses; rider
 * assignment and the shop's pick-up-ready request are sent at the same moment on different connections; a share
 * is cancelled at a random point; a share of changes is sent twice (a client retrying after a timeout); other
 * clients read deliveries. Timeouts, 5xx, 503/429 (with {@code Retry-After}) and unreachable instances are retried,
 * as a careful client behind a load balancer would; every change the service acknowledges is journaled for
 * {@link JournalChecker}. With several instances, requests go to them in turn, and one that cannot be reached is
 * skipped, so the run goes on while an instance restarts.
 *
 * <p>One virtual thread per delivery life: a life is a sequence of blocking calls and pauses, which is exactly
 * what virtual threads make cheap (a compressed day keeps tens of thousands of lives in flight). The JDK's
 * {@link HttpClient} keeps HTTP/1.1 connections alive; a semaphore bounds requests in flight, and waiting for it
 * counts as latency, so the generator cannot hide its own saturation.
 *
 * <p>Not a test and not part of the product: a test-scope program run by {@code scripts/loadgen}; the fault
 * suite and the benchmark call {@link #run()} in-process.
 */
public final class LoadGenerator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_REFUSALS_PRINTED = 10;
    private static final Duration GRACE = Duration.ofMinutes(2);

    private final LoadOptions options;
    private final PrintStream out;
    private final TrafficShape shape;
    private final LoadStats stats = new LoadStats();
    private final HttpClient client;
    private final Semaphore inFlight;
    private final @Nullable Semaphore lifeSlots;
    private final List<Progress> progressLines = new CopyOnWriteArrayList<>();
    private final AtomicLong alive = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong refusalsPrinted = new AtomicLong();
    private final AtomicLong nextTarget = new AtomicLong();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final ThreadFactory lives = Thread.ofVirtual().name("life-", 0).factory();
    private @Nullable Journal journal;
    private volatile boolean stopping;

    public LoadGenerator(LoadOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.shape = new TrafficShape(options);
        this.inFlight = new Semaphore(options.maxInFlight());
        this.lifeSlots = options.maxLives() > 0 ? new Semaphore(options.maxLives()) : null;
        HttpClient.Builder client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        Path ca = options.trustedCertificate();
        if (ca != null) {
            client.sslContext(TrustedCertificates.sslContext(ca));
        }
        this.client = client.build();
    }

    public static void main(String[] args) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Summary summary = new LoadGenerator(options, System.out).run();
        System.exit(summary.clean() ? 0 : 1);
    }

    /** What a run did; {@link #clean()} when every life finished and nothing unexpected was answered. */
    public record Summary(long started, long delivered, long cancelled, long abandoned, long acknowledgedChanges,
            long errors, long throttled503, long throttled429, long retriedTimeouts, long retried5xx,
            long retriedUnreachable, Duration elapsed, String table) {

        public boolean clean() {
            return abandoned == 0 && errors == 0;
        }

        public double changesPerSecond() {
            return acknowledgedChanges / Math.max(0.001, elapsed.toNanos() / 1e9);
        }
    }

    /**
     * One progress line's numbers: since the run started, changes acknowledged in the interval per second, and the
     * latency percentiles of the interval's successful requests (ms).
     */
    public record Progress(Duration at, long acknowledged, double changesPerSecond, double p50Millis,
            double p99Millis, long errors, long throttled) {
    }

    /** Every progress line so far, in order (the benchmark plots them). */
    public List<Progress> progressLines() {
        return List.copyOf(progressLines);
    }

    /**
     * A latency percentile (ms) of every acknowledged change (reads left out), retries and waits included; call it
     * after {@link #run()} returned.
     */
    public double changeLatencyMillis(double percentile) {
        stats.roll();
        Histogram all = new Histogram(3);
        for (Operation op : Operation.values()) {
            if (op != Operation.READ) {
                all.add(stats.total(op));
            }
        }
        return all.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Changes acknowledged so far (the fault suite watches these to see when writes are accepted again). */
    public long acknowledgedChanges() {
        return stats.acknowledgedChanges();
    }

    /** Asks the run to stop starting deliveries; lives in flight finish (or are abandoned after the grace). */
    public void stop() {
        stopping = true;
    }

    public Summary run() {
        out.println("Load: " + options.describe() + " against " + options.targetsText() + "; journal " + options.journal());
        long start = System.nanoTime();
        long deadline = start + options.maxDuration().toNanos();
        try (Journal journal = new Journal(options.journal())) {
            this.journal = journal;
            Thread progress = Thread.ofPlatform().daemon().name("loadgen-progress").start(() -> progress(start));
            for (long i = 0; i < options.deliveries() && !stopping; i++) {
                long at = start + shape.startOffsetNanos(i);
                if (at > deadline) {
                    break;
                }
                parkUntil(at);
                Semaphore slots = lifeSlots;
                if (slots != null && !acquire(slots)) {
                    break;
                }
                // with --max-lives the schedule runs ahead of the clock (a life starts when one ends): the bound is
                // the time now, not the time the delivery was scheduled for
                if (System.nanoTime() > deadline) {
                    if (slots != null) {
                        slots.release();
                    }
                    break;
                }
                long index = i;
                alive.incrementAndGet();
                stats.started.increment();
                lives.newThread(() -> {
                    try {
                        live(index);
                    } catch (RuntimeException | Error e) {
                        // a life that ends on an exception (an answer the generator cannot read) is a failure of
                        // the run, never a silently shorter one
                        stats.count(Outcome.CRASHED);
                        if (refusalsPrinted.incrementAndGet() <= MAX_REFUSALS_PRINTED) {
                            out.println("life " + index + " crashed: " + e);
                        }
                    } finally {
                        alive.decrementAndGet();
                        if (slots != null) {
                            slots.release();
                        }
                    }
                }).start();
            }
            long giveUpAt = Math.max(deadline, System.nanoTime()) + GRACE.toNanos();
            while (alive.get() > 0 && System.nanoTime() < giveUpAt) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            stopping = true;
            progress.interrupt();
            stats.abandoned.add(alive.get());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        stats.roll();
        long started = stats.started.sum();
        long acknowledged = stats.acknowledgedChanges();
        String table = table(started, acknowledged, elapsed);
        out.println(table);
        return new Summary(started, delivered.get(), cancelled.get(), stats.abandoned.sum(), acknowledged,
                stats.errors(), stats.total(Outcome.THROTTLED_503), stats.total(Outcome.THROTTLED_429),
                stats.total(Outcome.TIMEOUT_RETRIED), stats.total(Outcome.SERVER_ERROR_RETRIED),
                stats.total(Outcome.UNREACHABLE_RETRIED), elapsed, table);
    }

    // ---- one delivery's life ------------------------------------------------------------------------------

    private void live(long index) {
        SplittableRandom random = new SplittableRandom(options.seed() ^ (index * 0x9E3779B97F4A7C15L));
        String handOver = handOverJson(index, random);
        @Nullable Acknowledged created = change(Operation.HAND_OVER, "/deliveries", handOver, random, null);
        if (created == null) {
            return;
        }
        String id = created.id();
        int cancelPoint = random.nextDouble() < options.cancelShare() ? random.nextInt(3) : -1;
        pause(shape.toAssignmentNanos(random));
        if (cancelPoint == 0) {
            cancel(id, random);
            return;
        }
        String riderId = "rider-" + Long.toString(random.nextLong(1L << 40), 36);
        if (!assignAndRequestPickupTogether(id, riderId, random)) {
            return;
        }
        pause(shape.toPickUpNanos(random));
        if (cancelPoint == 1) {
            cancel(id, random);
            return;
        }
        if (step(id, Operation.MARK_PICKED_UP, null, random) == null) {
            return;
        }
        pause(shape.toDeliveryNanos(random));
        if (cancelPoint == 2) {
            cancel(id, random);
            return;
        }
        if (step(id, Operation.MARK_DELIVERED, null, random) != null) {
            delivered.incrementAndGet();
            stats.finished.increment();
        }
    }

    /** The two near-simultaneous changes, released together on two connections; both must be acknowledged. */
    private boolean assignAndRequestPickupTogether(String id, String riderId, SplittableRandom random) {
        CountDownLatch go = new CountDownLatch(1);
        SplittableRandom other = random.split();
        Acknowledged[] results = new Acknowledged[2];
        Throwable[] failures = new Throwable[2];
        Thread assign = lives.newThread(() -> {
            await(go);
            try {
                results[0] = step(id, Operation.ASSIGN_RIDER, "{\"riderId\":\"" + riderId + "\"}", random);
            } catch (RuntimeException | Error e) {
                failures[0] = e;
            }
        });
        Thread ready = lives.newThread(() -> {
            await(go);
            try {
                results[1] = step(id, Operation.REQUEST_PICKUP_READY, null, other);
            } catch (RuntimeException | Error e) {
                failures[1] = e;
            }
        });
        assign.start();
        ready.start();
        go.countDown();
        try {
            assign.join();
            ready.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        for (Throwable failure : failures) {
            if (failure != null) {
                throw new IllegalStateException("a concurrent step of delivery " + id + " failed", failure);
            }
        }
        return results[0] != null && results[1] != null;
    }

    private void cancel(String id, SplittableRandom random) {
        if (step(id, Operation.CANCEL, "{\"reason\":\"customer changed their mind\"}", random) != null) {
            cancelled.incrementAndGet();
            stats.finished.increment();
        }
    }

    private @Nullable Acknowledged step(String id, Operation op, @Nullable String body, SplittableRandom random) {
        return change(op, "/deliveries/" + id + "/" + op.path, body == null ? "" : body, random, id);
    }

    /**
     * Sends one change until it is acknowledged, journals it, and sometimes sends it again (a client's retry
     * after a timeout) or reads the delivery back (another client).
     */
    private @Nullable Acknowledged change(Operation op, String path, String body, SplittableRandom random,
            @Nullable String knownId) {
        @Nullable Answer answer = send(op, "POST", path, body);
        if (answer == null) {
            return null;
        }
        Acknowledged ack = acknowledged(answer);
        Journal current = journal;
        if (current != null) {
            current.acknowledged(ack.id(), ack.version(), op.path);
        }
        if (random.nextDouble() < options.duplicateShare()) {
            @Nullable Answer again = send(op, "POST", path, body);
            if (again != null) {
                Acknowledged repeated = acknowledged(again);
                if (current != null) {
                    current.acknowledged(repeated.id(), repeated.version(), op.path);
                }
                // a repeat changes nothing: the same delivery, a hand-over answers 200 with the same version, and
                // a transition never answers an older one (the checker finds a repeat that made a new event: the
                // delivery then has more versions than distinct steps)
                boolean changed = !repeated.id().equals(ack.id()) || repeated.version() < ack.version()
                        || (op == Operation.HAND_OVER && (again.status() != 200 || repeated.version() != ack.version()));
                if (changed) {
                    stats.count(Outcome.DUPLICATE_CHANGED_STATE);
                }
            }
        }
        if (random.nextDouble() < options.readShare()) {
            @Nullable Answer read = send(Operation.READ, "GET", "/deliveries/" + ack.id(), null);
            if (read != null && acknowledged(read).version() < ack.version()) {
                stats.count(Outcome.STALE_READ);
            }
        }
        return ack;
    }

    // ---- one request, retried as a careful client does --------------------------------------------------------

    private record Answer(int status, String body) {
    }

    private record Acknowledged(String id, long version) {
    }

    private static Acknowledged acknowledged(Answer answer) {
        JsonNode node = JSON.readTree(answer.body());
        return new Acknowledged(node.path("id").asString(), node.path("version").asLong());
    }

    private @Nullable Answer send(Operation op, String method, String path, @Nullable String body) {
        long start = System.nanoTime();
        long giveUpAt = start + options.retryFor().toNanos();
        int failedAnswers = 0;
        int unreachableInARow = 0;
        while (true) {
            HttpRequest request = request(nextTarget(), method, path, body,
                    op == Operation.READ ? options.readAuthorization() : options.authorization());
            HttpResponse<String> response;
            try {
                inFlight.acquire();
                try {
                    response = client.send(request, BodyHandlers.ofString());
                } finally {
                    inFlight.release();
                }
            } catch (HttpTimeoutException e) {
                stats.count(Outcome.TIMEOUT_RETRIED);
                if (++failedAnswers >= options.maxAttempts()) {
                    break;
                }
                backoff(failedAnswers);
                continue;
            } catch (IOException e) {
                // connection refused or reset: the instance is restarting or gone. Another instance may take the
                // request at once; when none can, wait a little (no backoff into seconds: the wait would show as
                // part of the outage being measured)
                stats.count(Outcome.UNREACHABLE_RETRIED);
                if (System.nanoTime() > giveUpAt) {
                    break;
                }
                if (++unreachableInARow % options.targets().size() == 0) {
                    pause(TimeUnit.MILLISECONDS.toNanos(Math.min(1_000, 50L << Math.min(unreachableInARow, 5))));
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            unreachableInARow = 0;
            int status = response.statusCode();
            stats.answered(op, status, System.nanoTime() - start);
            if (status / 100 == 2) {
                return new Answer(status, response.body());
            }
            if (status == 503 || status == 429) {
                stats.count(status == 503 ? Outcome.THROTTLED_503 : Outcome.THROTTLED_429);
                if (System.nanoTime() > giveUpAt) {
                    break;
                }
                pause(retryAfterNanos(response));
                continue;
            }
            if (status >= 500) {
                stats.count(Outcome.SERVER_ERROR_RETRIED);
                if (++failedAnswers >= options.maxAttempts()) {
                    break;
                }
                backoff(failedAnswers);
                continue;
            }
            stats.count(Outcome.REFUSED);
            if (refusalsPrinted.incrementAndGet() <= MAX_REFUSALS_PRINTED) {
                out.println("refused: " + method + " " + path + " -> " + status + " " + response.body());
            }
            return null;
        }
        stats.count(Outcome.GAVE_UP);
        if (refusalsPrinted.incrementAndGet() <= MAX_REFUSALS_PRINTED) {
            out.println("gave up: " + method + " " + path + " after " + failedAnswers + " failed answers and "
                    + LoadOptions.format(Duration.ofNanos(System.nanoTime() - start)));
        }
        return null;
    }

    private URI nextTarget() {
        List<URI> targets = options.targets();
        return targets.get((int) Math.floorMod(nextTarget.getAndIncrement(), (long) targets.size()));
    }

    private HttpRequest request(URI target, String method, String path, @Nullable String body, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target + path))
                .timeout(options.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (body != null) {
            builder.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
        } else {
            builder.method(method, BodyPublishers.noBody());
        }
        return builder.build();
    }

    private static long retryAfterNanos(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .map(value -> {
                    try {
                        return TimeUnit.SECONDS.toNanos(Long.parseLong(value.trim()));
                    } catch (NumberFormatException e) {
                        return TimeUnit.SECONDS.toNanos(1);
                    }
                })
                .orElse(TimeUnit.SECONDS.toNanos(1));
    }

    private void backoff(int attempt) {
        pause(TimeUnit.MILLISECONDS.toNanos(Math.min(5_000, 50L << Math.min(attempt, 7))));
    }

    // ---- the order services' data ---------------------------------------------------------------------------

    private String handOverJson(long index, SplittableRandom random) {
        String orderService = "order-service-" + (index % options.orderServices());
        return """
                {"orderService":"%s","orderId":"%s-%d","shopName":"Shop %d",\
                "pickup":{"address":"%d Teheran-ro, Gangnam-gu, Seoul","latitude":%s,"longitude":%s},\
                "dropoff":{"address":"%d Yeoksam-ro, Gangnam-gu, Seoul","latitude":%s,"longitude":%s},\
                "requestedAt":"%s"}""".formatted(orderService, runId, index, random.nextInt(5000),
                random.nextInt(1, 500), coordinate(random, 37.45, 37.60), coordinate(random, 126.85, 127.15),
                random.nextInt(1, 500), coordinate(random, 37.45, 37.60), coordinate(random, 126.85, 127.15),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static String coordinate(SplittableRandom random, double from, double to) {
        return BigDecimal.valueOf(random.nextDouble(from, to)).setScale(6, RoundingMode.HALF_UP).toPlainString();
    }

    // ---- pacing and reporting -------------------------------------------------------------------------------

    /** Waits without burning a core; virtual threads give their carrier back while parked. */
    private void pause(long nanos) {
        parkUntil(System.nanoTime() + nanos);
    }

    private void parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Waits for a free life slot, giving up when the run is asked to stop. */
    private boolean acquire(Semaphore slots) {
        try {
            while (!stopping) {
                if (slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void progress(long start) {
        long lastAcked = 0;
        long lastAt = start;
        while (!stopping && !Thread.currentThread().isInterrupted()) {
            parkUntil(System.nanoTime() + options.progressEvery().toNanos());
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            long now = System.nanoTime();
            long acked = stats.acknowledgedChanges();
            Histogram interval = stats.intervalHistogram();
            stats.roll();
            double rate = (acked - lastAcked) / ((now - lastAt) / 1e9);
            // the schedule's end, or, when the service is slower than the schedule (always in the closed model, whose
            // schedule is as fast as --rate allows), the lives left at the rate lives have ended so far (delivered,
            // cancelled or given up); never past --max-duration
            long plannedLeft = Math.max(0, start + shape.plannedNanos() - now);
            long ended = stats.started.sum() - alive.get();
            long left = Math.max(0, options.deliveries() - ended);
            long byProgress = ended <= 0 ? plannedLeft : (long) ((double) (now - start) / ended * left);
            long untilLimit = Math.max(0, start + options.maxDuration().toNanos() - now);
            long eta = Math.min(untilLimit, Math.max(plannedLeft, byProgress));
            out.printf(Locale.ROOT, "[%7s] started %,d/%,d  finished %,d  acked %,d (%,.0f/s)  p50 %.1f ms  "
                    + "p99 %.1f ms  errors %d  503 %d  429 %d  retries %d  unreachable %d  ETA %s%n",
                    LoadOptions.format(Duration.ofNanos(now - start)), stats.started.sum(), options.deliveries(),
                    stats.finished.sum(), acked, rate, interval.getValueAtPercentile(50) / 1000.0,
                    interval.getValueAtPercentile(99) / 1000.0, stats.errors(), stats.total(Outcome.THROTTLED_503),
                    stats.total(Outcome.THROTTLED_429),
                    stats.total(Outcome.TIMEOUT_RETRIED) + stats.total(Outcome.SERVER_ERROR_RETRIED),
                    stats.total(Outcome.UNREACHABLE_RETRIED), LoadOptions.format(Duration.ofNanos(eta)));
            progressLines.add(new Progress(Duration.ofNanos(now - start), acked, rate,
                    interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
                    stats.errors(), stats.total(Outcome.THROTTLED_503) + stats.total(Outcome.THROTTLED_429)));
            lastAcked = acked;
            lastAt = now;
        }
    }

    private String table(long started, long acknowledged, Duration elapsed) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Load summary: " + options.describe());
        lines.add(String.format(Locale.ROOT, "%-22s %10s %9s %9s %9s %9s", "operation", "acked", "p50 ms",
                "p99 ms", "p99.9 ms", "max ms"));
        for (Operation op : Operation.values()) {
            Histogram h = stats.total(op);
            lines.add(String.format(Locale.ROOT, "%-22s %,10d %9.1f %9.1f %9.1f %9.1f", op.path,
                    h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0));
        }
        lines.add(String.format(Locale.ROOT, "deliveries: started %,d, delivered %,d, cancelled %,d, abandoned %,d",
                started, delivered.get(), cancelled.get(), stats.abandoned.sum()));
        lines.add(String.format(Locale.ROOT, "changes acknowledged: %,d in %s = %,.0f/s", acknowledged,
                LoadOptions.format(elapsed), acknowledged / Math.max(0.001, elapsed.toNanos() / 1e9)));
        lines.add(String.format(Locale.ROOT, "answers: 200 %,d  201 %,d  other 4xx %,d  other 5xx %,d  503 %,d  429 %,d",
                stats.status(200), stats.status(201), sum(400, 499) - stats.status(429),
                sum(500, 599) - stats.status(503), stats.status(503), stats.status(429)));
        lines.add("outcomes: " + stats.outcomes());
        boolean clean = stats.abandoned.sum() == 0 && stats.errors() == 0;
        lines.add(clean ? "result: clean" : "result: NOT clean (errors or abandoned lives above)");
        return String.join(System.lineSeparator(), lines);
    }

    private long sum(int from, int to) {
        long total = 0;
        for (int code = from; code <= to; code++) {
            total += stats.status(code);
        }
        return total;
    }
}
