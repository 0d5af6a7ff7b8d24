package analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Decides the intake gate from what this instance can read: an operator's override in force wins; without one,
 * critical alarms close the gate and shedding alarms shed their order service. Whatever cannot be read opens it
 * (an analytics outage must not stop orders): unavailable stores at once, an alarm state that has not been
 * renewed for {@code keepFor} (this instance no longer hears Kafka, or no evaluator runs) after that time.
 */
public final class IntakeGatePolicy {

    private final Duration keepFor;
    private final double shedRatePerSecond;

    public IntakeGatePolicy(Duration keepFor, double shedRatePerSecond) {
        this.keepFor = keepFor;
        this.shedRatePerSecond = shedRatePerSecond;
    }

    public IntakeGateState storesUnavailable(String why, Instant now) {
        return new IntakeGateState(IntakeGateState.Decision.OPEN, true,
                "open because the analytics stores are unavailable (" + why + ")", List.of(), Map.of(), null, null,
                now);
    }

    public IntakeGateState decide(@Nullable AlarmSnapshot alarms, @Nullable GateOverride override, Instant now) {
        @Nullable Instant evaluatedAt = alarms == null ? null : alarms.evaluatedAt();
        if (override != null && override.activeAt(now)) {
            var decision = override.mode() == GateOverride.Mode.CLOSED ? IntakeGateState.Decision.CLOSED
                    : IntakeGateState.Decision.OPEN;
            return new IntakeGateState(decision, false, "forced " + override.mode().name().toLowerCase() + " by "
                    + override.by() + " until " + override.until() + ": " + override.reason(), List.of(), Map.of(),
                    override, evaluatedAt, now);
        }
        if (alarms == null) {
            return new IntakeGateState(IntakeGateState.Decision.OPEN, false, "open: no alarm evaluation yet",
                    List.of(), Map.of(), null, null, now);
        }
        Duration age = Duration.between(alarms.evaluatedAt(), now);
        if (age.compareTo(keepFor) > 0) {
            return new IntakeGateState(IntakeGateState.Decision.OPEN, true, "open because the alarm state is "
                    + age.toSeconds() + " s old (kept for " + keepFor.toSeconds() + " s): Kafka or the alarm "
                    + "evaluator cannot be reached", List.of(), Map.of(), null, evaluatedAt, now);
        }
        List<Alarm> critical = alarms.active().stream().filter(alarm -> alarm.severity() == Severity.CRITICAL)
                .toList();
        if (!critical.isEmpty()) {
            return new IntakeGateState(IntakeGateState.Decision.CLOSED, false, "closed by "
                    + String.join(", ", critical.stream().map(Alarm::id).toList()), critical, Map.of(), null,
                    evaluatedAt, now);
        }
        Map<String, Double> shed = new LinkedHashMap<>();
        for (Alarm alarm : alarms.active()) {
            if (alarm.severity() == Severity.SHED && alarm.orderService() != null) {
                shed.put(alarm.orderService(), shedRatePerSecond);
            }
        }
        if (!shed.isEmpty()) {
            return new IntakeGateState(IntakeGateState.Decision.SHEDDING, false, "shedding " + String.join(", ",
                    shed.keySet()), List.of(), shed, null, evaluatedAt, now);
        }
        return new IntakeGateState(IntakeGateState.Decision.OPEN, false, "open: no critical alarm", List.of(),
                Map.of(), null, evaluatedAt, now);
    }
}
