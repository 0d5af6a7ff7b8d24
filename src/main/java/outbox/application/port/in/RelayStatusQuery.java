package outbox.application.port.in;

import java.util.List;

import outbox.domain.ShardStatus;

public interface RelayStatusQuery {

    List<ShardStatus> shardStatuses();

    /** Failed attempts in a row after which a shard counts as DOWN (it keeps retrying). */
    int downAfterAttempts();
}
