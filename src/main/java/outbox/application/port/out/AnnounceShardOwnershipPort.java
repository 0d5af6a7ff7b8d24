package outbox.application.port.out;

import outbox.domain.ShardAcquired;
import outbox.domain.ShardReleased;

/**
 * Tells whoever reads shards (the binlog readers, an inbound adapter) that this instance took a shard or gave it
 * up. The relay never calls a reader directly: readers drive the relay, not the other way round.
 */
public interface AnnounceShardOwnershipPort {

    /** Returns at once; the shard's reader starts in the background. */
    void announce(ShardAcquired acquired);

    /** Returns once the shard's reader has stopped and stored the offset of what was relayed. */
    void announce(ShardReleased released);
}
