package outbox.application.port.out;

import java.time.Instant;

import outbox.domain.OutboxShard;

public interface MaintainOutboxTablesPort {

    /** Deletes at most {@code limit} rows with {@code id <= upToId} created before {@code createdBefore}. */
    int deleteRelayed(OutboxShard shard, long upToId, Instant createdBefore, int limit);

    /** Rows with an id above {@code afterId} (all rows for -1). */
    long countAfter(OutboxShard shard, long afterId);
}
