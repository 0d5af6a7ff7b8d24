package outbox.application.port.in;

import java.util.List;

import outbox.domain.ShardHealth;

public interface ShardHealthQuery {

    /** Every shard, judged now from in-memory state and the last backlog measurement; never waits for I/O. */
    List<ShardHealth> shardHealth();
}
