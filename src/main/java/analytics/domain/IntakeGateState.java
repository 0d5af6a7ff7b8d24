package analytics.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Whether this instance takes new hand-overs, and why.
 *
 * @param failOpen          open only because what decides it cannot be read (analytics stores unavailable, or the
 *                          alarm state too old): an analytics outage must not stop orders
 * @param closingAlarms     the critical alarms that close it
 * @param shedPerSecond     order services whose hand-overs are shed, to this many per second on this instance
 * @param override          the operator's decision in force, if any
 * @param alarmsEvaluatedAt when the alarm state it follows was made
 */
public record IntakeGateState(Decision decision, boolean failOpen, String reason, List<Alarm> closingAlarms,
        Map<String, Double> shedPerSecond, @Nullable GateOverride override, @Nullable Instant alarmsEvaluatedAt,
        Instant decidedAt) {

    public IntakeGateState {
        closingAlarms = List.copyOf(closingAlarms);
        shedPerSecond = Map.copyOf(shedPerSecond);
    }

    public enum Decision {
        OPEN, SHEDDING, CLOSED
    }
}
