package outbox.application.port.out;

import outbox.domain.OutboxMessage;
import outbox.domain.OutboxTopic;

public interface AppendToOutboxPort {

    /** Inserts the message into the shard table its key hashes to, in the caller's transaction. */
    void append(OutboxTopic topic, OutboxMessage message);
}
