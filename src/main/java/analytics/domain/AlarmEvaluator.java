package analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The detectors and their hysteresis. Each evaluation measures every condition; a condition at or above its
 * threshold raises its alarm, and a raised alarm clears only when its value has fallen to the clear level
 * ({@code clearRatio × threshold}) <em>and</em> it has been raised for {@code minActive}: a value hovering around
 * the threshold does not make it flap.
 */
public final class AlarmEvaluator {

    public static final String STUCK = "stuck-deliveries";
    public static final String CANCELLATIONS = "cancellation-ratio";
    public static final String INTAKE_SURGE = "intake-surge";
    public static final String ORDER_SERVICE_SURGE = "order-service-surge";
    public static final String RELAY_LAG = "relay-lag";
    public static final String DEAD_LETTERS = "dead-letters";

    private final AlarmThresholds thresholds;

    public AlarmEvaluator(AlarmThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public AlarmThresholds thresholds() {
        return thresholds;
    }

    /** The alarms raised after this evaluation, and what changed. */
    public record Evaluation(Map<String, Alarm> active, List<AlarmEvent> events) {
    }

    /** One measured condition. */
    record Condition(String id, String detector, Severity severity, double value, double threshold, String message,
            @Nullable String orderService) {
    }

    public Evaluation evaluate(Signals signals, Map<String, Alarm> previouslyActive) {
        Instant now = signals.at();
        Map<String, Condition> conditions = new LinkedHashMap<>();
        for (Condition condition : conditions(signals)) {
            conditions.put(condition.id(), condition);
        }
        Map<String, Alarm> active = new LinkedHashMap<>();
        List<AlarmEvent> events = new ArrayList<>();
        for (Alarm alarm : previouslyActive.values()) {
            Condition condition = conditions.remove(alarm.id());
            double value = condition == null ? 0 : condition.value();
            boolean heldLongEnough = !now.isBefore(alarm.raisedAt().plus(thresholds.minActive()));
            if (value <= alarm.clearLevel() && heldLongEnough) {
                events.add(AlarmEvent.cleared(alarm, value, now));
            } else {
                active.put(alarm.id(), condition == null ? alarm : new Alarm(alarm.id(), alarm.detector(),
                        alarm.severity(), condition.message(), value, alarm.threshold(), alarm.clearLevel(),
                        alarm.raisedAt(), alarm.orderService()));
            }
        }
        for (Condition condition : conditions.values()) {
            if (condition.value() >= condition.threshold()) {
                Alarm alarm = new Alarm(condition.id(), condition.detector(), condition.severity(),
                        condition.message(), condition.value(), condition.threshold(),
                        condition.threshold() * thresholds.clearRatio(), now, condition.orderService());
                active.put(alarm.id(), alarm);
                events.add(AlarmEvent.raised(alarm, now));
            }
        }
        return new Evaluation(active, events);
    }

    private List<Condition> conditions(Signals signals) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(stuck(signals));
        conditions.add(cancellations(signals));
        conditions.add(intakeSurge(signals));
        signals.perOrderService().forEach((service, rate) -> conditions.add(orderServiceSurge(service, rate)));
        conditions.add(relayLag(signals));
        conditions.add(deadLetters(signals));
        return conditions;
    }

    private Condition stuck(Signals signals) {
        AlarmThresholds.Stuck limits = thresholds.stuck();
        StuckStatus total = signals.stuckTotal();
        String worst = signals.stuck().entrySet().stream()
                .filter(entry -> entry.getValue().oldestSince() != null)
                .min(Comparator.comparing(entry -> entry.getValue().oldestSince()))
                .map(entry -> "; the oldest has been " + entry.getKey() + " for "
                        + age(entry.getValue().oldestSince(), signals.at()))
                .orElse("");
        return new Condition(STUCK, STUCK, limits.severity(), total.count(), limits.maxCount(),
                total.count() + " delivery(ies) in one status for longer than " + human(limits.maxAge()) + worst,
                null);
    }

    private Condition cancellations(Signals signals) {
        AlarmThresholds.Cancellations limits = thresholds.cancellations();
        double ratio = cancellationRatio(signals);
        return new Condition(CANCELLATIONS, CANCELLATIONS, limits.severity(), ratio, limits.maxRatio(),
                "%d of %d deliveries finished in the last %s were cancelled (%.0f %%)".formatted(signals.cancelled(),
                        signals.finished(), human(limits.window()), ratio * 100), null);
    }

    /** The cancelled share, or 0 while too few deliveries finished to judge. */
    public double cancellationRatio(Signals signals) {
        return signals.finished() < Math.max(1, thresholds.cancellations().minFinished()) ? 0
                : (double) signals.cancelled() / signals.finished();
    }

    private Condition intakeSurge(Signals signals) {
        AlarmThresholds.IntakeSurge limits = thresholds.intakeSurge();
        double threshold = surgeThreshold(signals.baselinePerSecond());
        return new Condition(INTAKE_SURGE, INTAKE_SURGE, limits.severity(), signals.intakePerSecond(), threshold,
                "%.1f hand-overs/s in the last %s against %.1f/s before".formatted(signals.intakePerSecond(),
                        human(limits.window()), signals.baselinePerSecond()), null);
    }

    private Condition orderServiceSurge(String service, Signals.Rate rate) {
        AlarmThresholds.IntakeSurge limits = thresholds.intakeSurge();
        double threshold = surgeThreshold(rate.baselinePerSecond());
        return new Condition(ORDER_SERVICE_SURGE + ":" + service, ORDER_SERVICE_SURGE,
                limits.perOrderServiceSeverity(), rate.perSecond(), threshold,
                "%s: %.1f hand-overs/s in the last %s against %.1f/s before".formatted(service, rate.perSecond(),
                        human(limits.window()), rate.baselinePerSecond()), service);
    }

    private double surgeThreshold(double baselinePerSecond) {
        AlarmThresholds.IntakeSurge limits = thresholds.intakeSurge();
        return limits.factor() * Math.max(baselinePerSecond, limits.minPerSecond());
    }

    private Condition relayLag(Signals signals) {
        AlarmThresholds.RelayLag limits = thresholds.relayLag();
        var worst = signals.relayLagSeconds().entrySet().stream().max(Map.Entry.comparingByValue());
        double lag = worst.map(Map.Entry::getValue).orElse(0.0);
        return new Condition(RELAY_LAG, RELAY_LAG, limits.severity(), lag, limits.max().toMillis() / 1000.0,
                worst.map(entry -> "relay lag %.1f s on %s".formatted(entry.getValue(), entry.getKey()))
                        .orElse("no relay lag reported"), null);
    }

    private Condition deadLetters(Signals signals) {
        AlarmThresholds.DeadLetters limits = thresholds.deadLetters();
        return new Condition(DEAD_LETTERS, DEAD_LETTERS, limits.severity(), signals.deadLetters(), limits.minCount(),
                signals.deadLetters() + " record(s) reached the dead-letter topic in the last "
                        + human(limits.window()), null);
    }

    private static String age(@Nullable Instant since, Instant now) {
        return since == null ? "?" : human(Duration.between(since, now));
    }

    static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds >= 3600 && seconds % 3600 == 0 ? seconds / 3600 + "h"
                : seconds >= 60 && seconds % 60 == 0 ? seconds / 60 + "m"
                : seconds >= 3600 ? seconds / 3600 + "h" + (seconds % 3600) / 60 + "m"
                : seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s"
                : seconds + "s";
    }
}
