package analytics.adapter.in.actuator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import analytics.application.port.in.LiveBoardQuery;

/**
 * {@code /actuator/health/analytics}: whether the Streams application runs, how much it still restores and how
 * far its consumer group is behind, and the intake gate. DOWN only when Streams has stopped or failed; restoring
 * and lag are details (the readiness group does not include this component: an analytics outage must not take an
 * instance out of service).
 */
@Component("analytics")
@ConditionalOnBooleanProperty(name = "relay.analytics.enabled", matchIfMissing = true)
class AnalyticsHealthIndicator implements HealthIndicator {

    private final LiveBoardQuery board;

    AnalyticsHealthIndicator(LiveBoardQuery board) {
        this.board = board;
    }

    @Override
    public Health health() {
        LiveBoardQuery.Board now = board.board();
        String state = now.streams().state();
        Health.Builder health = switch (state) {
            case "RUNNING", "REBALANCING", "CREATED", "NOT_STARTED" -> Health.up();
            default -> Health.down();
        };
        health.withDetail("state", state)
                .withDetail("restoringRecords", now.streams().restoringRecords())
                .withDetail("intakeGate", now.gate().decision())
                .withDetail("intakeGateReason", now.gate().reason());
        if (now.streams().consumerLagRecords() != null) {
            health.withDetail("consumerLagRecords", now.streams().consumerLagRecords());
        }
        if (now.alarms() != null) {
            health.withDetail("activeAlarms", now.alarms().active().stream().map(a -> a.id()).toList());
        }
        return health.build();
    }
}
