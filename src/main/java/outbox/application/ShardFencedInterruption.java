package outbox.application;

import outbox.application.port.out.PublishRecordsPort.ShardFencedException;
import platform.logging.ActionRequired;

/**
 * Another producer with the shard's transactional id has fenced this one: thrown into the shard's reader (an
 * interruption, as its engine expects) so that the batch in flight ends unacknowledged. An {@link ActionRequired}:
 * two instances relaying one shard is a fault someone must look at, not a restart the reader heals.
 */
final class ShardFencedInterruption extends InterruptedException implements ActionRequired {

    private static final long serialVersionUID = 1L;

    ShardFencedInterruption(ShardFencedException fenced) {
        super(fenced.getMessage());
        initCause(fenced);
    }
}
