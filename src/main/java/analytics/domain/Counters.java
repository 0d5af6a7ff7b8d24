package analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;

import org.jspecify.annotations.Nullable;

/**
 * What happened, counted per bucket of record time ({@link #BUCKET}): delivery changes, hand-overs (in all and
 * per order service), finished deliveries per outcome, dead letters. Counting by record time rather than arrival
 * keeps a catch-up after an outage from looking like a surge: old records land in old buckets.
 */
public final class Counters {

    public static final Duration BUCKET = Duration.ofSeconds(10);
    public static final String EVENTS = "events";
    public static final String CREATED = "created";
    public static final String CREATED_BY = "created:";
    public static final String FINISHED = "finished:";
    public static final String DEAD_LETTERS = "dead-letters";

    private Counters() {
    }

    public static long bucketOf(Instant at) {
        long size = BUCKET.toMillis();
        return Math.floorDiv(at.toEpochMilli(), size) * size;
    }

    /**
     * The detectors' view of {@code buckets} at {@code now}.
     *
     * @param stuck    per partition of the live deliveries, its latest report
     * @param relayLag per shard, its latest lag report
     * @param fresh    reports older than this are left out (their partition or shard has moved or stopped)
     */
    public static Signals signals(Instant now, NavigableMap<Long, Map<String, Long>> buckets,
            Map<Integer, AlarmSignal> stuck, Map<String, AlarmSignal> relayLag, AlarmThresholds thresholds,
            Duration fresh) {
        Instant oldestFresh = now.minus(fresh);
        Map<String, StuckStatus> stuckByStatus = new HashMap<>();
        for (AlarmSignal report : stuck.values()) {
            if (report.stuck() != null && !report.at().isBefore(oldestFresh)) {
                report.stuck().forEach((status, s) -> stuckByStatus.merge(status, s, StuckStatus::plus));
            }
        }
        Map<String, Double> lag = new HashMap<>();
        relayLag.forEach((shard, report) -> {
            if (!report.at().isBefore(oldestFresh)) {
                lag.put(shard, report.relayLagSeconds());
            }
        });

        AlarmThresholds.IntakeSurge surge = thresholds.intakeSurge();
        long intakeFrom = bucketOf(now.minus(surge.window()));
        Map<String, Long> intake = since(buckets, intakeFrom);
        Map<String, Long> baseline = sum(buckets, intakeFrom - surge.baseline().toMillis(), intakeFrom);
        Map<String, Long> cancellationWindow = since(buckets, bucketOf(now.minus(thresholds.cancellations().window())));
        Map<String, Long> deadLetterWindow = since(buckets, bucketOf(now.minus(thresholds.deadLetters().window())));
        Duration minute = Duration.ofMinutes(1);
        Map<String, Long> lastMinute = since(buckets, bucketOf(now.minus(minute)));

        Map<String, Signals.Rate> perOrderService = new HashMap<>();
        for (String counter : union(intake, baseline)) {
            if (counter.startsWith(CREATED_BY)) {
                perOrderService.put(counter.substring(CREATED_BY.length()), new Signals.Rate(
                        perSecond(intake.get(counter), surge.window()),
                        perSecond(baseline.get(counter), surge.baseline())));
            }
        }
        long finished = 0;
        for (var entry : cancellationWindow.entrySet()) {
            if (entry.getKey().startsWith(FINISHED)) {
                finished += entry.getValue();
            }
        }
        return new Signals(now, stuckByStatus, finished,
                cancellationWindow.getOrDefault(FINISHED + IntegratedDelivery.Outcome.CANCELLED.name(), 0L),
                perSecond(intake.get(CREATED), surge.window()), perSecond(baseline.get(CREATED), surge.baseline()),
                perOrderService, lag, deadLetterWindow.getOrDefault(DEAD_LETTERS, 0L),
                perSecond(lastMinute.get(EVENTS), minute));
    }

    /**
     * Sums the buckets that start at or after {@code from} and before {@code to}: bucket-aligned, so that no bucket
     * counts in two windows. (No interval brackets in Javadoc here: Spring Modulith's Documenter reads its Javadoc
     * metadata with a parser that counts brackets inside strings, and one unbalanced bracket breaks the docs.)
     */
    static Map<String, Long> sum(NavigableMap<Long, Map<String, Long>> buckets, long from, long to) {
        Map<String, Long> sums = new HashMap<>();
        buckets.subMap(from, true, to, false).values()
                .forEach(counts -> counts.forEach((counter, n) -> sums.merge(counter, n, Long::sum)));
        return sums;
    }

    /** The buckets from {@code from} on, the current (partial) one included. */
    static Map<String, Long> since(NavigableMap<Long, Map<String, Long>> buckets, long from) {
        return sum(buckets, from, Long.MAX_VALUE);
    }

    private static java.util.Set<String> union(Map<String, Long> a, Map<String, Long> b) {
        java.util.Set<String> keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static double perSecond(@Nullable Long count, Duration over) {
        return count == null || over.isZero() ? 0 : count * 1000.0 / over.toMillis();
    }
}
