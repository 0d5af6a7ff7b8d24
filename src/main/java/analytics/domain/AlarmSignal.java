package analytics.domain;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A report to the alarm evaluator, on its own one-partition topic so that exactly one evaluator sees all of them.
 * <ul>
 * <li>{@link Type#LIVE}: from one partition of the live deliveries, every evaluation interval: its stuck
 * deliveries per status, and what happened since its last report, counted in buckets of record time
 * ({@link Counters}).</li>
 * <li>{@link Type#RELAY_LAG}: from the instance that relays {@code shard}: its recent lag.</li>
 * <li>{@link Type#DEAD_LETTER}: one record reached the dead-letter topic.</li>
 * </ul>
 */
public record AlarmSignal(Type type, Instant at, @Nullable Integer partition, @Nullable Map<String, StuckStatus> stuck,
        @Nullable Map<Long, Map<String, Long>> buckets, @Nullable String shard, double relayLagSeconds) {

    public enum Type {
        LIVE, RELAY_LAG, DEAD_LETTER
    }

    public static AlarmSignal live(int partition, Instant at, Map<String, StuckStatus> stuck,
            Map<Long, Map<String, Long>> buckets) {
        return new AlarmSignal(Type.LIVE, at, partition, Map.copyOf(stuck), Map.copyOf(buckets), null, 0);
    }

    public static AlarmSignal relayLag(String shard, double lagSeconds, Instant at) {
        return new AlarmSignal(Type.RELAY_LAG, at, null, null, null, shard, lagSeconds);
    }

    public static AlarmSignal deadLetter(Instant at) {
        return new AlarmSignal(Type.DEAD_LETTER, at, null, null, null, null, 0);
    }
}
