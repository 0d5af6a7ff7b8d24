package outbox.application.port.out;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import outbox.domain.OutboxShard;

public interface MeasureOutboxBacklogPort {

    /**
     * Age, by the database's clock, of the first row with an id above {@code afterId}; with {@code createdWithin},
     * only rows created within that long before now count. Empty when there is none. One indexed lookup.
     */
    Optional<Duration> oldestAgeAfter(OutboxShard shard, long afterId, @Nullable Duration createdWithin);
}
