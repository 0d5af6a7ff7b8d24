package analytics.domain;

import java.time.Instant;
import java.util.Map;

/**
 * What the detectors look at, measured cluster-wide at one evaluation.
 *
 * @param stuck                 per in-progress status
 * @param finished              deliveries finished (delivered, cancelled, expired) within the cancellation window
 * @param cancelled             of those, cancelled
 * @param intakePerSecond       hand-overs per second within the intake window
 * @param baselinePerSecond     hand-overs per second over the baseline before that window
 * @param perOrderService       the same two rates per order service
 * @param relayLagSeconds       the relay's recent lag per outbox shard
 * @param deadLetters           records that reached the dead-letter topic within its window
 * @param eventsPerSecond       delivery changes per second over the last minute (for the board)
 */
public record Signals(Instant at, Map<String, StuckStatus> stuck, long finished, long cancelled,
        double intakePerSecond, double baselinePerSecond, Map<String, Rate> perOrderService,
        Map<String, Double> relayLagSeconds, long deadLetters, double eventsPerSecond) {

    public Signals {
        stuck = Map.copyOf(stuck);
        perOrderService = Map.copyOf(perOrderService);
        relayLagSeconds = Map.copyOf(relayLagSeconds);
    }

    /** A rate now and its recent normal. */
    public record Rate(double perSecond, double baselinePerSecond) {
    }

    public StuckStatus stuckTotal() {
        return stuck.values().stream().reduce(StuckStatus.NONE, StuckStatus::plus);
    }
}
