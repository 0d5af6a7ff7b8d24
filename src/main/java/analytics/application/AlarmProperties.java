package analytics.application;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import analytics.domain.AlarmThresholds;
import analytics.domain.Severity;

/**
 * {@code relay.alarms.*}: the detectors' thresholds and severities, their hysteresis, and the intake gate. The
 * Prometheus rules in {@code monitoring/prometheus/alerts.yml} mirror these defaults (a test keeps them equal).
 *
 * @param enabled            run the detectors and the intake gate ({@code false}: the gate is always open)
 * @param evaluationInterval how often each live partition reports and the detectors run
 * @param minActive          a raised alarm stays raised at least this long
 * @param clearRatio         a raised alarm clears at or below this fraction of its threshold
 */
@ConfigurationProperties("relay.alarms")
@Validated
public record AlarmProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration evaluationInterval,
        @DefaultValue("1m") @NotNull Duration minActive,
        @DefaultValue("0.8") @DecimalMin("0.0") @DecimalMax("1.0") double clearRatio,
        @DefaultValue @Valid Stuck stuck,
        @DefaultValue @Valid Cancellations cancellations,
        @DefaultValue @Valid IntakeSurge intakeSurge,
        @DefaultValue @Valid RelayLag relayLag,
        @DefaultValue @Valid DeadLetters deadLetters,
        @DefaultValue @Valid Gate gate) {

    /** {@code relay.alarms.stuck.*}: {@code max-count} or more deliveries in one status longer than {@code max-age}. */
    public record Stuck(
            @DefaultValue("15m") @NotNull @DurationMin(seconds = 1) Duration maxAge,
            @DefaultValue("20") @Min(1) int maxCount,
            @DefaultValue("CRITICAL") @NotNull Severity severity) {
    }

    /** {@code relay.alarms.cancellations.*}: cancelled share of the deliveries finished within {@code window}. */
    public record Cancellations(
            @DefaultValue("10m") @NotNull @DurationMin(seconds = 10) Duration window,
            @DefaultValue("0.3") @DecimalMin("0.0") @DecimalMax("1.0") double maxRatio,
            @DefaultValue("20") @Min(1) int minFinished,
            @DefaultValue("CRITICAL") @NotNull Severity severity) {
    }

    /** {@code relay.alarms.intake-surge.*}: hand-overs per second against their recent normal. */
    public record IntakeSurge(
            @DefaultValue("1m") @NotNull @DurationMin(seconds = 10) Duration window,
            @DefaultValue("30m") @NotNull @DurationMin(seconds = 10) Duration baseline,
            @DefaultValue("3.0") @DecimalMin("1.0") double factor,
            @DefaultValue("5.0") @DecimalMin("0.0") double minPerSecond,
            @DefaultValue("WARNING") @NotNull Severity severity,
            @DefaultValue("SHED") @NotNull Severity perOrderServiceSeverity,
            @DefaultValue("10.0") @DecimalMin("0.0") double shedRatePerSecond) {
    }

    /** {@code relay.alarms.relay-lag.*}: not critical by default, so a broker outage does not stop the API. */
    public record RelayLag(
            @DefaultValue("30s") @NotNull Duration max,
            @DefaultValue("WARNING") @NotNull Severity severity) {
    }

    /** {@code relay.alarms.dead-letters.*}: records reaching the dead-letter topic. */
    public record DeadLetters(
            @DefaultValue("10m") @NotNull @DurationMin(seconds = 10) Duration window,
            @DefaultValue("1") @Min(1) int minCount,
            @DefaultValue("WARNING") @NotNull Severity severity) {
    }

    /**
     * {@code relay.alarms.gate.*}: the intake gate on every instance.
     *
     * @param retryAfter      what a refused hand-over is told to wait ({@code Retry-After})
     * @param keepFor         how long an instance keeps following an alarm state that is no longer renewed (Kafka
     *                        unreachable, no evaluator) before it opens
     * @param refreshInterval how often each instance recomputes its gate
     * @param maxOverride     the longest an operator may force the gate
     */
    public record Gate(
            @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration retryAfter,
            @DefaultValue("60s") @NotNull @DurationMin(seconds = 1) Duration keepFor,
            @DefaultValue("1s") @NotNull @DurationMin(millis = 100) Duration refreshInterval,
            @DefaultValue("4h") @NotNull @DurationMin(minutes = 1) Duration maxOverride) {
    }

    public AlarmThresholds thresholds() {
        return new AlarmThresholds(minActive, clearRatio,
                new AlarmThresholds.Stuck(stuck.maxAge(), stuck.maxCount(), stuck.severity()),
                new AlarmThresholds.Cancellations(cancellations.window(), cancellations.maxRatio(),
                        cancellations.minFinished(), cancellations.severity()),
                new AlarmThresholds.IntakeSurge(intakeSurge.window(), intakeSurge.baseline(), intakeSurge.factor(),
                        intakeSurge.minPerSecond(), intakeSurge.severity(), intakeSurge.perOrderServiceSeverity(),
                        intakeSurge.shedRatePerSecond()),
                new AlarmThresholds.RelayLag(relayLag.max(), relayLag.severity()),
                new AlarmThresholds.DeadLetters(deadLetters.window(), deadLetters.minCount(), deadLetters.severity()));
    }
}
