package outbox.application.port.in;

import java.util.Collection;

import outbox.domain.OutboxShard;

/** The coordination between instances hands shards to this one and takes them away. */
public interface ShardOwnershipUseCase {

    /** Every shard, in a fixed order that all instances agree on: lease {@code i} is shard {@code i}. */
    java.util.List<OutboxShard> allShards();

    void acquired(Collection<OutboxShard> shards);

    /** Returns only after the released shards' readers have stopped and stored their offsets. */
    void released(Collection<OutboxShard> shards);
}
