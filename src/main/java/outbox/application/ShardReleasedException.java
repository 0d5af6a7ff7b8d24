package outbox.application;

import outbox.domain.OutboxShard;
import platform.logging.RequestedStop;

/**
 * The relay stops reading a shard it no longer owns (moved to another instance, or this one stops): thrown into the
 * shard's reader so that the batch in flight ends unacknowledged and the new owner resumes from the stored offset.
 * An interruption, as the reader's engine expects, and a {@link RequestedStop}: no one needs to act on it.
 */
final class ShardReleasedException extends InterruptedException implements RequestedStop {

    private static final long serialVersionUID = 1L;

    ShardReleasedException(OutboxShard shard) {
        super("Shard " + shard + " was released; its new owner resumes from the stored offset");
    }
}
