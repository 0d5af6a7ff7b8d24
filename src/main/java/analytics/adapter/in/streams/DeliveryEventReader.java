package analytics.adapter.in.streams;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import analytics.domain.DeadLetter.Reason;
import delivery.DeliveryEvent;
import outbox.EventEnvelope;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a record of {@code delivery.events} as the relay writes it (key: delivery id; envelope headers of
 * {@link EventEnvelope}; value: the event's JSON with {@code eventType} and {@code schemaVersion}) into the delivery
 * module's published event records. Whatever does not fit exactly is refused with a reason, never half read: every
 * field the event type declares non-null must be present, and the envelope must agree with the payload.
 */
public final class DeliveryEventReader {

    /** the payload versions this reader understands */
    static final int SCHEMA_VERSION = 1;

    /** the delivery module names its events by their simple class name, on the record and in the outbox */
    private static final Map<String, Class<? extends DeliveryEvent>> TYPES = Arrays
            .stream(DeliveryEvent.class.getPermittedSubclasses())
            .map(type -> type.asSubclass(DeliveryEvent.class))
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    // new fields may be added to a payload within one schema version: ignore what is not known yet
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public sealed interface Result {
    }

    public record Read(DeliveryEvent event, @Nullable String traceparent) implements Result {
    }

    public record Unreadable(Reason reason, String detail) implements Result {
    }

    public Result read(@Nullable String key, Headers headers, byte @Nullable [] value) {
        if (key == null || key.isBlank()) {
            return new Unreadable(Reason.NO_KEY, "the record has no key (the delivery id)");
        }
        UUID deliveryId = uuid(key);
        if (deliveryId == null) {
            return new Unreadable(Reason.NO_KEY, "the key is not a delivery id: " + abbreviated(key));
        }
        String eventType = EventEnvelope.header(headers, EventEnvelope.EVENT_TYPE);
        String eventId = EventEnvelope.header(headers, EventEnvelope.EVENT_ID);
        String sequenceText = EventEnvelope.header(headers, EventEnvelope.SEQUENCE);
        if (eventType == null || eventId == null || sequenceText == null) {
            return new Unreadable(Reason.BAD_ENVELOPE, "header " + (eventType == null ? EventEnvelope.EVENT_TYPE
                    : eventId == null ? EventEnvelope.EVENT_ID : EventEnvelope.SEQUENCE) + " is missing");
        }
        Long sequence = positive(sequenceText);
        if (sequence == null) {
            return new Unreadable(Reason.BAD_ENVELOPE,
                    "header " + EventEnvelope.SEQUENCE + " is not a number from 1: " + abbreviated(sequenceText));
        }
        if (uuid(eventId) == null) {
            return new Unreadable(Reason.BAD_ENVELOPE,
                    "header " + EventEnvelope.EVENT_ID + " is not a UUID: " + abbreviated(eventId));
        }
        String schemaVersion = EventEnvelope.header(headers, EventEnvelope.SCHEMA_VERSION);
        if (schemaVersion != null && !schemaVersion.equals(Integer.toString(SCHEMA_VERSION))) {
            return new Unreadable(Reason.UNSUPPORTED_SCHEMA_VERSION, "schema version " + abbreviated(schemaVersion)
                    + " of " + abbreviated(eventType) + "; this version reads " + SCHEMA_VERSION);
        }
        Class<? extends DeliveryEvent> type = TYPES.get(eventType);
        if (type == null) {
            return new Unreadable(Reason.UNKNOWN_EVENT_TYPE,
                    "event type " + abbreviated(eventType) + " is not one of " + TYPES.keySet().stream().sorted().toList());
        }
        if (value == null) {
            return new Unreadable(Reason.UNREADABLE_PAYLOAD, "the record has no value");
        }
        DeliveryEvent event;
        try {
            JsonNode tree = json.readTree(value);
            String missing = missingField(tree, type, "");
            if (missing != null) {
                return new Unreadable(Reason.UNREADABLE_PAYLOAD, eventType + " without " + missing);
            }
            event = json.treeToValue(tree, type);
        } catch (JacksonException e) {
            return new Unreadable(Reason.UNREADABLE_PAYLOAD,
                    "not the JSON of " + eventType + ": " + abbreviated(e.getOriginalMessage()));
        }
        if (!event.deliveryId().equals(deliveryId) || !event.eventId().toString().equals(eventId)
                || event.sequence() != sequence) {
            return new Unreadable(Reason.BAD_ENVELOPE, "the envelope (key, " + EventEnvelope.EVENT_ID + ", "
                    + EventEnvelope.SEQUENCE + ") disagrees with the payload");
        }
        return new Read(event, EventEnvelope.header(headers, EventEnvelope.TRACEPARENT));
    }

    /** The first field a record type declares non-null that the JSON lacks (or holds as null), or null. */
    private static @Nullable String missingField(JsonNode node, Class<?> type, String path) {
        if (!node.isObject()) {
            return path.isEmpty() ? "a JSON object" : path;
        }
        for (RequiredField required : REQUIRED_FIELDS.get(type)) {
            JsonNode field = node.get(required.name());
            if (field == null || field.isNull()) {
                return path + required.name();
            }
            if (required.record() != null) {
                String nested = missingField(field, required.record(), path + required.name() + ".");
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    /** @param record the field's type when it is a record itself (its own fields are checked too) */
    private record RequiredField(String name, @Nullable Class<?> record) {
    }

    /**
     * The components each record type declares non-null, looked up once per type rather than by reflection on every
     * record ({@code Class.getRecordComponents} copies its array, each annotation lookup walks the annotations).
     */
    private static final ClassValue<List<RequiredField>> REQUIRED_FIELDS = new ClassValue<>() {
        @Override
        protected List<RequiredField> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents())
                    .filter(component -> !component.getAnnotatedType().isAnnotationPresent(Nullable.class))
                    .map(component -> new RequiredField(component.getName(),
                            component.getType().isRecord() ? component.getType() : null))
                    .toList();
        }
    };

    private static @Nullable UUID uuid(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static @Nullable Long positive(String text) {
        try {
            long value = Long.parseLong(text);
            return value >= 1 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Values from a bad record go into headers and logs: keep them short. */
    static String abbreviated(@Nullable String text) {
        if (text == null) {
            return "null";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
