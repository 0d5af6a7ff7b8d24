package outbox.adapter.in.events;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.Externalized;
import org.springframework.stereotype.Component;

import delivery.DeliveryEvent;
import outbox.application.port.in.AppendToOutboxUseCase;
import outbox.domain.OutboxMessage;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes every delivery event into the outbox. A plain synchronous {@link EventListener}, not an
 * {@code @ApplicationModuleListener}: that one runs after commit in its own transaction, and the whole point of
 * the outbox is that the event commits or rolls back with the change.
 *
 * <p>{@code relay.outbox.write-events=false} turns it off; only the benchmark does that, to measure Spring
 * Modulith's event publication registry in its place.
 *
 * <p>The payload is the event's own fields under an envelope ({@code eventType}, {@code schemaVersion}) so that a
 * consumer can read it without the headers and can tell which shape of an event it holds as the schema evolves:
 * fields are only ever added; a change of meaning gets a new {@code schemaVersion}.
 */
@Component
@ConditionalOnBooleanProperty(name = "relay.outbox.write-events", matchIfMissing = true)
class DeliveryEventsToOutbox {

    static final int SCHEMA_VERSION = 1;
    static final String AGGREGATE_TYPE = "delivery";
    static final String TOPIC = topicOf(DeliveryEvent.class);

    private final AppendToOutboxUseCase outbox;
    private final JsonMapper json;

    DeliveryEventsToOutbox(AppendToOutboxUseCase outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    @EventListener
    void on(DeliveryEvent event) {
        String eventType = event.getClass().getSimpleName();
        ObjectNode payload = json.createObjectNode()
                .put("eventType", eventType)
                .put("schemaVersion", SCHEMA_VERSION);
        payload.setAll((ObjectNode) json.valueToTree(event));
        outbox.append(new OutboxMessage(TOPIC, AGGREGATE_TYPE, event.deliveryId().toString(), event.eventId(),
                eventType, event.sequence(), event.occurredAt(), json.writeValueAsString(payload),
                Map.of("schemaVersion", Integer.toString(SCHEMA_VERSION), "contentType", "application/json")));
    }

    /** "delivery.events" from {@code @Externalized("delivery.events::#{deliveryId()}")}. */
    private static String topicOf(Class<?> eventType) {
        Externalized externalized = eventType.getAnnotation(Externalized.class);
        if (externalized == null || externalized.value().isBlank()) {
            throw new IllegalStateException(eventType + " does not say where it is externalized");
        }
        String target = externalized.value();
        int separator = target.indexOf("::");
        return separator < 0 ? target : target.substring(0, separator);
    }
}
