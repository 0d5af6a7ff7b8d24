package analytics.domain;

import java.time.Duration;

/**
 * When each detector raises its alarm, how hard it is to clear, and what it does when raised.
 *
 * @param minActive  a raised alarm stays raised at least this long (no flapping)
 * @param clearRatio a raised alarm clears when its value has fallen to this fraction of its threshold or below
 */
public record AlarmThresholds(Duration minActive, double clearRatio, Stuck stuck, Cancellations cancellations,
        IntakeSurge intakeSurge, RelayLag relayLag, DeadLetters deadLetters) {

    /** {@code maxCount} or more in-progress deliveries have been in their status longer than {@code maxAge}. */
    public record Stuck(Duration maxAge, int maxCount, Severity severity) {
    }

    /**
     * Of the deliveries that finished within {@code window} (at least {@code minFinished} of them), a share above
     * {@code maxRatio} was cancelled.
     */
    public record Cancellations(Duration window, double maxRatio, int minFinished, Severity severity) {
    }

    /**
     * Hand-overs per second within {@code window} reached {@code factor} times their rate over the {@code baseline}
     * before it ({@code minPerSecond} at least, so a quiet start is no surge); for all order services together
     * ({@code severity}) and for each one ({@code perOrderServiceSeverity}), which is shed to
     * {@code shedRatePerSecond} per instance while raised.
     */
    public record IntakeSurge(Duration window, Duration baseline, double factor, double minPerSecond,
            Severity severity, Severity perOrderServiceSeverity, double shedRatePerSecond) {
    }

    /** The relay's lag (change to Kafka acknowledgement, highest over a shard's recent sends) above {@code max}. */
    public record RelayLag(Duration max, Severity severity) {
    }

    /** {@code minCount} or more records reached the dead-letter topic within {@code window}. */
    public record DeadLetters(Duration window, int minCount, Severity severity) {
    }
}
