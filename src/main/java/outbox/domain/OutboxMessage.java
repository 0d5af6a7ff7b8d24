package outbox.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One event as it waits in the outbox for the relay: where it goes ({@code topic}, keyed by {@code aggregateId}),
 * what it is, and its JSON payload. {@code headers} become Kafka record headers.
 */
public record OutboxMessage(String topic, String aggregateType, String aggregateId, UUID eventId, String eventType,
        long sequence, Instant occurredAt, String payload, Map<String, String> headers) {

    public OutboxMessage {
        headers = Map.copyOf(headers);
    }
}
