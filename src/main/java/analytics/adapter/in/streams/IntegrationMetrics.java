package analytics.adapter.in.streams;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import analytics.domain.DeadLetter;
import analytics.domain.DeliveryProgress.Verdict;
import analytics.domain.IntegratedDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The step's meters, shared by its tasks (one processor instance per task). */
final class IntegrationMetrics {

    private final Map<Verdict, Counter> verdicts = new EnumMap<>(Verdict.class);
    private final Map<DeadLetter.Reason, Counter> deadLettered = new EnumMap<>(DeadLetter.Reason.class);
    private final Map<IntegratedDelivery.Outcome, Counter> ended = new EnumMap<>(IntegratedDelivery.Outcome.class);
    private final Counter published;
    private final Map<String, Long> inProgressByTask = new ConcurrentHashMap<>();

    IntegrationMetrics(MeterRegistry meters) {
        for (Verdict verdict : Verdict.values()) {
            verdicts.put(verdict, Counter.builder("analytics.delivery.events")
                    .description("Delivery events judged by the analytics step, by verdict")
                    .tag("verdict", verdict.name().toLowerCase(Locale.ROOT))
                    .register(meters));
        }
        for (DeadLetter.Reason reason : DeadLetter.Reason.values()) {
            deadLettered.put(reason, Counter.builder("analytics.delivery.events.dead.lettered")
                    .description("Records that could not be read, sent to the dead-letter topic, by reason")
                    .tag("reason", reason.code())
                    .register(meters));
        }
        for (IntegratedDelivery.Outcome outcome : IntegratedDelivery.Outcome.values()) {
            ended.put(outcome, Counter.builder("analytics.deliveries.ended")
                    .description("Deliveries whose final integrated record was published, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(meters));
        }
        published = Counter.builder("analytics.deliveries.integrated")
                .description("Integrated delivery records published on " + IntegratedDelivery.TOPIC)
                .register(meters);
        Gauge.builder("analytics.deliveries.in.progress", inProgressByTask,
                        tasks -> tasks.values().stream().mapToLong(Long::longValue).sum())
                .description("Deliveries in the in-progress store of this instance's tasks (estimate, updated at each sweep)")
                .register(meters);
    }

    void judged(Verdict verdict) {
        registered(verdicts, verdict).increment();
    }

    void deadLettered(DeadLetter.Reason reason) {
        registered(deadLettered, reason).increment();
    }

    void published(IntegratedDelivery delivery) {
        published.increment();
        IntegratedDelivery.Outcome outcome = delivery.outcome();
        if (outcome != null) {
            registered(ended, outcome).increment();
        }
    }

    void inProgress(String task, long deliveries) {
        inProgressByTask.put(task, deliveries);
    }

    void taskClosed(String task) {
        inProgressByTask.remove(task);
    }

    /** Every enum value got its counter in the constructor. */
    private static <K> Counter registered(Map<K, Counter> counters, K key) {
        return Objects.requireNonNull(counters.get(key), "no counter for " + key);
    }
}
