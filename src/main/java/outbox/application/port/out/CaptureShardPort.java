package outbox.application.port.out;

import outbox.application.port.in.RelayOutboxUseCase;
import outbox.domain.OutboxShard;

/** Reads a shard table's inserts from the binary log, from its stored offset on. */
public interface CaptureShardPort {

    /** Starts reading; records go to {@code relay} in commit order. Returns at once. */
    void start(OutboxShard shard, RelayOutboxUseCase relay);

    /** Stops reading and stores the offset of what was relayed. Blocks until stopped. */
    void stop(OutboxShard shard);
}
