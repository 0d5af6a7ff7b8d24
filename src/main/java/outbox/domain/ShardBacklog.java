package outbox.domain;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One measurement of what waits in a shard's table: how old its oldest row not yet acknowledged by Kafka is.
 *
 * @param oldestWaitingAge age of the oldest waiting row; null when nothing waits (or the measurement failed)
 * @param failure          why the measurement failed, null when it worked
 */
public record ShardBacklog(Instant measuredAt, @Nullable Duration oldestWaitingAge, @Nullable String failure) {

    public static ShardBacklog measured(Instant at, @Nullable Duration oldestWaitingAge) {
        return new ShardBacklog(at, oldestWaitingAge, null);
    }

    public static ShardBacklog failed(Instant at, String failure) {
        return new ShardBacklog(at, null, failure);
    }
}
