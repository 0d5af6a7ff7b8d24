package analytics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IntakeGatePolicyUnitTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    final IntakeGatePolicy policy = new IntakeGatePolicy(Duration.ofSeconds(60), 10);

    static Alarm alarm(String id, Severity severity, String orderService) {
        return new Alarm(id, id, severity, "m", 5, 4, 3, NOW.minusSeconds(30), orderService);
    }

    static AlarmSnapshot snapshot(Instant at, Alarm... active) {
        return new AlarmSnapshot(at, List.of(active), Map.of(), Map.of(), 0, 0, 0, 0);
    }

    @Test
    void aCriticalAlarmClosesTheGateAndAWarningDoesNot() {
        assertThat(policy.decide(snapshot(NOW, alarm("relay-lag", Severity.WARNING, null)), null, NOW).decision())
                .isEqualTo(IntakeGateState.Decision.OPEN);
        IntakeGateState closed = policy.decide(snapshot(NOW, alarm("stuck-deliveries", Severity.CRITICAL, null),
                alarm("relay-lag", Severity.WARNING, null)), null, NOW);
        assertThat(closed.decision()).isEqualTo(IntakeGateState.Decision.CLOSED);
        assertThat(closed.closingAlarms()).extracting(Alarm::id).containsExactly("stuck-deliveries");
        assertThat(closed.failOpen()).isFalse();
    }

    @Test
    void aSheddingAlarmShedsOnlyItsOrderService() {
        IntakeGateState shedding = policy.decide(snapshot(NOW, alarm("order-service-surge:flood", Severity.SHED,
                "flood")), null, NOW);
        assertThat(shedding.decision()).isEqualTo(IntakeGateState.Decision.SHEDDING);
        assertThat(shedding.shedPerSecond()).containsExactly(Map.entry("flood", 10.0));
    }

    @Test
    void anAlarmStateNotRenewedForTheKeepTimeOpensTheGateAndSaysSo() {
        AlarmSnapshot closing = snapshot(NOW, alarm("stuck-deliveries", Severity.CRITICAL, null));
        assertThat(policy.decide(closing, null, NOW.plusSeconds(60)).decision())
                .as("kept for the configured time").isEqualTo(IntakeGateState.Decision.CLOSED);
        IntakeGateState stale = policy.decide(closing, null, NOW.plusSeconds(61));
        assertThat(stale.decision()).isEqualTo(IntakeGateState.Decision.OPEN);
        assertThat(stale.failOpen()).isTrue();
        assertThat(stale.reason()).contains("61 s old");
    }

    @Test
    void unavailableStoresOpenTheGateAndSaySo() {
        IntakeGateState open = policy.storesUnavailable("restoring 12 record(s)", NOW);
        assertThat(open.decision()).isEqualTo(IntakeGateState.Decision.OPEN);
        assertThat(open.failOpen()).isTrue();
        assertThat(open.reason()).contains("restoring 12 record(s)");
    }

    @Test
    void anOperatorsOverrideWinsUntilItExpiresOrIsHandedBack() {
        AlarmSnapshot closing = snapshot(NOW, alarm("stuck-deliveries", Severity.CRITICAL, null));
        GateOverride open = new GateOverride(GateOverride.Mode.OPEN, NOW.plusSeconds(600), "kim", "known cause", NOW);
        assertThat(policy.decide(closing, open, NOW).decision()).isEqualTo(IntakeGateState.Decision.OPEN);
        AlarmSnapshot stillClosing = snapshot(NOW.plusSeconds(600), alarm("stuck-deliveries", Severity.CRITICAL,
                null));
        assertThat(policy.decide(stillClosing, open, NOW.plusSeconds(600)).decision()).as("expired")
                .isEqualTo(IntakeGateState.Decision.CLOSED);

        GateOverride closed = new GateOverride(GateOverride.Mode.CLOSED, NOW.plusSeconds(600), "kim", "drill", NOW);
        assertThat(policy.decide(snapshot(NOW), closed, NOW).decision()).isEqualTo(IntakeGateState.Decision.CLOSED);
        GateOverride handedBack = new GateOverride(GateOverride.Mode.AUTO, NOW, "kim", "done", NOW);
        assertThat(policy.decide(snapshot(NOW), handedBack, NOW).decision()).isEqualTo(IntakeGateState.Decision.OPEN);
    }
}
