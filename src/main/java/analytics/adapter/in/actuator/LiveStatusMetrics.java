package analytics.adapter.in.actuator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import analytics.application.AlarmProperties;
import analytics.application.port.in.IntakeGateUseCase;
import analytics.application.port.in.LiveBoardQuery;
import analytics.application.port.in.LiveStatusQuery;
import analytics.application.port.in.LiveStoresUnavailableException;
import analytics.domain.AlarmEvaluator;
import analytics.domain.AlarmSnapshot;
import analytics.domain.IntakeGateState;
import analytics.domain.Severity;
import analytics.domain.StuckStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The live stores as gauges, read at each scrape. A gauge whose store cannot be read (restoring, Streams down)
 * or whose alarm state is too old reports no value (NaN) rather than a stale or made-up one.
 */
@Component
class LiveStatusMetrics implements SmartInitializingSingleton {

    static final String[] IN_PROGRESS = { "CREATED", "RIDER_ASSIGNED", "PICKUP_READY_REQUESTED", "PICKED_UP" };

    private final MeterRegistry meters;
    private final LiveStatusQuery live;
    private final IntakeGateUseCase gate;
    private final LiveBoardQuery board;
    private final AlarmProperties properties;

    LiveStatusMetrics(MeterRegistry meters, LiveStatusQuery live, IntakeGateUseCase gate, LiveBoardQuery board,
            AlarmProperties properties) {
        this.meters = meters;
        this.live = live;
        this.gate = gate;
        this.board = board;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String status : IN_PROGRESS) {
            Gauge.builder("delivery.status.count", live, query -> count(query, status))
                    .description("Deliveries in progress in this status, from the live stores (same on every instance)")
                    .tag("status", status).register(meters);
            Gauge.builder("analytics.stuck.deliveries", live, alarms(snapshot -> stuck(snapshot, status).count()))
                    .description("In-progress deliveries in this status for longer than relay.alarms.stuck.max-age")
                    .tag("status", status).register(meters);
        }
        Gauge.builder("analytics.stuck.oldest.age", live, alarms(snapshot -> oldestStuckSeconds(snapshot)))
                .description("How long the oldest stuck delivery has been in its status (0: none stuck)")
                .baseUnit("seconds").register(meters);
        for (var detector : Map.of(AlarmEvaluator.STUCK, properties.stuck().severity(),
                AlarmEvaluator.CANCELLATIONS, properties.cancellations().severity(),
                AlarmEvaluator.INTAKE_SURGE, properties.intakeSurge().severity(),
                AlarmEvaluator.ORDER_SERVICE_SURGE, properties.intakeSurge().perOrderServiceSeverity(),
                AlarmEvaluator.RELAY_LAG, properties.relayLag().severity(),
                AlarmEvaluator.DEAD_LETTERS, properties.deadLetters().severity()).entrySet()) {
            Gauge.builder("analytics.alarm.active", live, alarms(snapshot -> snapshot.active().stream()
                            .anyMatch(alarm -> alarm.detector().equals(detector.getKey())) ? 1 : 0))
                    .description("1 while an alarm of this detector is raised")
                    .tags("alarm", detector.getKey(), "severity", detector.getValue().name().toLowerCase())
                    .register(meters);
        }
        for (IntakeGateState.Decision decision : IntakeGateState.Decision.values()) {
            Gauge.builder("intake.gate.state", gate, g -> g.current().decision() == decision ? 1 : 0)
                    .description("1 for the state this instance's intake gate is in")
                    .tag("state", decision.name().toLowerCase()).register(meters);
        }
        Gauge.builder("intake.gate.fail.open", gate, g -> g.current().failOpen() ? 1 : 0)
                .description("1 while the gate is open only because the alarm state cannot be read")
                .register(meters);
        Gauge.builder("analytics.streams.restoring", board, b -> b.board().streams().restoringRecords())
                .description("Records still to restore into this instance's analytics stores")
                .baseUnit("records").register(meters);
        Gauge.builder("analytics.streams.running", board,
                        b -> "RUNNING".equals(b.board().streams().state()) ? 1 : 0)
                .description("1 while the analytics Streams application is RUNNING (not rebalancing or restoring)")
                .register(meters);
    }

    private static double count(LiveStatusQuery query, String status) {
        try {
            return query.statusCounts().counts().getOrDefault(status, 0L);
        } catch (LiveStoresUnavailableException e) {
            return Double.NaN;
        }
    }

    private static ToDoubleFunction<LiveStatusQuery> alarms(ToDoubleFunction<AlarmSnapshot> value) {
        return query -> {
            try {
                AlarmSnapshot snapshot = query.currentAlarms();
                return snapshot == null ? Double.NaN : value.applyAsDouble(snapshot);
            } catch (LiveStoresUnavailableException e) {
                return Double.NaN;
            }
        };
    }

    private static StuckStatus stuck(AlarmSnapshot snapshot, String status) {
        return snapshot.stuck().getOrDefault(status, StuckStatus.NONE);
    }

    private static double oldestStuckSeconds(AlarmSnapshot snapshot) {
        @Nullable Instant oldest = snapshot.stuck().values().stream().map(StuckStatus::oldestSince)
                .filter(java.util.Objects::nonNull).min(Instant::compareTo).orElse(null);
        return oldest == null ? 0 : Duration.between(oldest, snapshot.evaluatedAt()).toMillis() / 1000.0;
    }

    static boolean critical(Severity severity) {
        return severity == Severity.CRITICAL;
    }
}
