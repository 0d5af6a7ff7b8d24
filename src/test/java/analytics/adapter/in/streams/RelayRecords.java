package analytics.adapter.in.streams;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.jspecify.annotations.Nullable;

import delivery.DeliveryEvent;
import outbox.EventEnvelope;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records of {@code delivery.events} shaped as the relay writes them: key = delivery id, value = the event's JSON
 * under {@code eventType} and {@code schemaVersion}, envelope headers, timestamp = when it happened. (The
 * integration test checks this shape against the real outbox and relay.)
 */
public final class RelayRecords {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private RelayRecords() {
    }

    public static TestRecord<String, byte[]> of(DeliveryEvent event, @Nullable String traceparent) {
        return new TestRecord<>(event.deliveryId().toString(), payload(event), headers(event, traceparent),
                event.occurredAt());
    }

    public static byte[] payload(DeliveryEvent event) {
        ObjectNode payload = JSON.createObjectNode()
                .put("eventType", event.getClass().getSimpleName())
                .put("schemaVersion", 1);
        payload.setAll((ObjectNode) JSON.valueToTree(event));
        return JSON.writeValueAsBytes(payload);
    }

    public static Headers headers(DeliveryEvent event, @Nullable String traceparent) {
        Headers headers = new RecordHeaders();
        add(headers, EventEnvelope.EVENT_ID, event.eventId().toString());
        add(headers, EventEnvelope.EVENT_TYPE, event.getClass().getSimpleName());
        add(headers, EventEnvelope.SEQUENCE, Long.toString(event.sequence()));
        add(headers, EventEnvelope.OCCURRED_AT, event.occurredAt().toString());
        add(headers, EventEnvelope.AGGREGATE_TYPE, "delivery");
        add(headers, EventEnvelope.SCHEMA_VERSION, "1");
        add(headers, EventEnvelope.CONTENT_TYPE, "application/json");
        if (traceparent != null) {
            add(headers, EventEnvelope.TRACEPARENT, traceparent);
        }
        return headers;
    }

    public static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    public static @Nullable String header(Headers headers, String name) {
        return EventEnvelope.header(headers, name);
    }
}
