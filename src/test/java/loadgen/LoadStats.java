package loadgen;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies per operation (HdrHistogram: exact percentiles at any rate, without locks on the hot path) and what
 * the service answered. A latency includes the wait for a free in-flight slot and every retry: what the caller
 * experienced.
 */
final class LoadStats {

    enum Operation {
        HAND_OVER("hand-over"), ASSIGN_RIDER("assign-rider"), REQUEST_PICKUP_READY("request-pickup-ready"),
        MARK_PICKED_UP("mark-picked-up"), MARK_DELIVERED("mark-delivered"), CANCEL("cancel"), READ("read");

        final String path;

        Operation(String path) {
            this.path = path;
        }
    }

    /** What may go wrong, counted separately so a summary says which. */
    enum Outcome {
        /** a 2xx that was not expected to change anything did change something */
        DUPLICATE_CHANGED_STATE,
        /** a read answered an older version than one already acknowledged */
        STALE_READ,
        /** 4xx other than 429: a request the generator believed valid was refused (a bug on one side) */
        REFUSED,
        /** the request failed after every attempt */
        GAVE_UP,
        /** a delivery's life ended on an exception in the generator (e.g. an answer it could not read) */
        CRASHED,
        TIMEOUT_RETRIED, SERVER_ERROR_RETRIED, THROTTLED_503, THROTTLED_429,
        /** no instance could be connected to (restarting, killed): retried, not an error */
        UNREACHABLE_RETRIED
    }

    private final Map<Operation, Recorder> recorders = new EnumMap<>(Operation.class);
    private final Map<Operation, Histogram> totals = new EnumMap<>(Operation.class);
    private final Map<Operation, LongAdder> acknowledged = new EnumMap<>(Operation.class);
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Recorder interval = new Recorder(3);
    final LongAdder started = new LongAdder();
    final LongAdder finished = new LongAdder();
    final LongAdder abandoned = new LongAdder();

    LoadStats() {
        for (Operation op : Operation.values()) {
            recorders.put(op, new Recorder(3));
            totals.put(op, new Histogram(3));
            acknowledged.put(op, new LongAdder());
        }
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
    }

    void answered(Operation op, int status, long nanos) {
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status / 100 == 2) {
            long micros = Math.max(1, nanos / 1000);
            recorders.get(op).recordValue(micros);
            interval.recordValue(micros);
            acknowledged.get(op).increment();
        }
    }

    void count(Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    long total(Outcome outcome) {
        return outcomes.get(outcome).sum();
    }

    long acknowledgedChanges() {
        long sum = 0;
        for (Operation op : Operation.values()) {
            if (op != Operation.READ) {
                sum += acknowledged.get(op).sum();
            }
        }
        return sum;
    }

    long status(int code) {
        LongAdder adder = statuses.get(code);
        return adder == null ? 0 : adder.sum();
    }

    /** Latency percentiles (ms) of successful requests since the last call, and their count. */
    Histogram intervalHistogram() {
        return interval.getIntervalHistogram();
    }

    /** Folds what the recorders collected into the run's totals; called at each progress line and at the end. */
    synchronized void roll() {
        for (Operation op : Operation.values()) {
            totals.get(op).add(recorders.get(op).getIntervalHistogram());
        }
    }

    synchronized Histogram total(Operation op) {
        return totals.get(op);
    }

    long errors() {
        return outcomes.get(Outcome.DUPLICATE_CHANGED_STATE).sum() + outcomes.get(Outcome.STALE_READ).sum()
                + outcomes.get(Outcome.REFUSED).sum() + outcomes.get(Outcome.GAVE_UP).sum()
                + outcomes.get(Outcome.CRASHED).sum();
    }

    Map<Outcome, Long> outcomes() {
        Map<Outcome, Long> snapshot = new EnumMap<>(Outcome.class);
        outcomes.forEach((outcome, adder) -> snapshot.put(outcome, adder.sum()));
        return snapshot;
    }
}
