package outbox;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;

/**
 * The envelope every relayed event carries as Kafka record headers, owned here and nowhere else: the outbox
 * writes these names into the outbox row, the relay copies them onto the record, consumers read them without
 * parsing the value. Values are UTF-8 strings.
 */
@NamedInterface("envelope")
public final class EventEnvelope {

    /** unique per event: consumers drop what they have already taken in */
    public static final String EVENT_ID = "eventId";
    /** the event's type name, e.g. {@code RiderAssigned} */
    public static final String EVENT_TYPE = "eventType";
    /** 1, 2, 3 … per aggregate (the record key): gaps and reordering are visible */
    public static final String SEQUENCE = "sequence";
    /** when it happened (ISO-8601 UTC), not when it was relayed */
    public static final String OCCURRED_AT = "occurredAt";
    /** the version of the payload's shape; fields are only ever added within one version */
    public static final String SCHEMA_VERSION = "schemaVersion";
    /** the aggregate the key identifies, e.g. {@code delivery} */
    public static final String AGGREGATE_TYPE = "aggregateType";
    /** media type of the value */
    public static final String CONTENT_TYPE = "contentType";
    /** W3C trace context of the change that caused the event */
    public static final String TRACEPARENT = "traceparent";

    private EventEnvelope() {
    }

    /** The last header of that name as a string, or null if absent. */
    public static @Nullable String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
