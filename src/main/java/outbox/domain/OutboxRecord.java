package outbox.domain;

import java.time.Instant;
import java.util.Map;

/**
 * An outbox row as read from the binary log, ready to be sent: {@code value} is the payload JSON unchanged,
 * {@code key} the aggregate id, {@code headers} what consumers may read without parsing the value.
 *
 * @param outboxId   the row's id in its shard table, increasing in commit order; never sent
 * @param occurredAt when the change happened, just before its transaction committed (lag is measured from it)
 */
public record OutboxRecord(String topic, String key, String value, Map<String, String> headers, long outboxId,
        Instant occurredAt) {

    public OutboxRecord {
        headers = Map.copyOf(headers);
    }
}
