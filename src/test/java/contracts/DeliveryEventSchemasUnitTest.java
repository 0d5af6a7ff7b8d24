package contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import delivery.DeliveryEvent;
import delivery.domain.Delivery;
import delivery.domain.DeliveryId;
import delivery.domain.HandOver;
import delivery.domain.OrderReference;
import delivery.domain.Place;
import delivery.domain.ServiceAssignment;
import outbox.EventEnvelope;
import outbox.ExportedEvent;
import outbox.adapter.in.events.ExportedEventMessages;
import outbox.domain.OutboxMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every delivery event type, produced through the domain and serialized exactly as the outbox serializes it (its
 * own message mapping with Boot's JsonMapper), validates against its committed JSON Schema; a payload missing a
 * required field, with an undocumented field, or with a malformed id or time does not.
 */
class DeliveryEventSchemasUnitTest {

    static final String TOPIC = DeliveryEvent.TOPIC;
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00.123456Z");

    static JsonMapper json;
    static ExportedEventMessages outbox;

    @BeforeAll
    static void theOutboxsSerialization() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> json = context.getBean(JsonMapper.class));
        outbox = new ExportedEventMessages(ExportedEventMessages.annotatedEvents(), json,
                new StandardEvaluationContext());
    }

    @Test
    void everyEventTypeOfTheTopicIsProducedHere() {
        List<Class<?>> produced = everyKindOfEvent().stream().<Class<?>>map(Object::getClass).distinct().toList();

        assertThat(produced).containsExactlyInAnyOrder(DeliveryEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyEmittedPayloadValidatesAgainstItsSchema() {
        for (DeliveryEvent event : everyKindOfEvent()) {
            OutboxMessage message = outbox.toMessage(event, null);

            assertThat(message.topic()).isEqualTo(TOPIC);
            assertThat(message.aggregateId()).isEqualTo(event.deliveryId().toString());
            assertThat(EventContract.violations(TOPIC, message.payload())).as(message.payload()).isEmpty();
        }
    }

    @Test
    void eachEventIsKeyedByItsOwnDeliveryWhileOnlyAnnotatedTypesAreExported() {
        // selection and routing may be kept per type (annotatedEvents does): the key must still be each event's own
        List<DeliveryEvent> events = everyKindOfEvent();
        for (DeliveryEvent event : events.reversed()) {
            assertThat(outbox.supports(event)).isTrue();
            assertThat(outbox.toMessage(event, null).aggregateId()).isEqualTo(event.deliveryId().toString());
        }
        assertThat(events.stream().map(DeliveryEvent::deliveryId).distinct()).hasSize(3);
        assertThat(outbox.supports(new NotExternalized())).isFalse();
    }

    /** an exported event whose type carries no {@code @Externalized} */
    record NotExternalized() implements ExportedEvent {
        @Override
        public UUID eventId() {
            return UUID.randomUUID();
        }

        @Override
        public long sequence() {
            return 1;
        }

        @Override
        public Instant occurredAt() {
            return T0;
        }

        @Override
        public String aggregateType() {
            return "test";
        }
    }

    @Test
    void aPayloadMissingAnyRequiredFieldFails() {
        for (DeliveryEvent event : everyKindOfEvent()) {
            ObjectNode payload = payload(event);
            JsonNode required = EventContract.json(schemaPathOf(payload)).path("required");
            assertThat(required.size()).isGreaterThan(2);
            for (JsonNode field : required) {
                ObjectNode without = payload.deepCopy();
                without.remove(field.asString());
                if (without.has(EventEnvelope.EVENT_TYPE) && without.has(EventEnvelope.SCHEMA_VERSION)) {
                    assertThat(EventContract.violations(TOPIC, json.writeValueAsString(without)))
                            .as("%s without %s", event.getClass().getSimpleName(), field)
                            .anySatisfy(violation -> assertThat(violation).contains(field.asString()));
                } else {
                    // without its type or version a payload does not even name a schema
                    assertThat(EventContract.violations(TOPIC, json.writeValueAsString(without))).isNotEmpty();
                }
            }
        }
    }

    @Test
    void anUndocumentedFieldFails() {
        for (DeliveryEvent event : everyKindOfEvent()) {
            ObjectNode payload = payload(event).put("courierNote", "left at the door");

            assertThat(EventContract.violations(TOPIC, json.writeValueAsString(payload))).isNotEmpty();
        }
    }

    @Test
    void malformedIdsTimesAndUnknownTypesFail() {
        ObjectNode payload = payload(everyKindOfEvent().get(1));

        assertThat(EventContract.violations(TOPIC, json.writeValueAsString(payload.deepCopy().put("eventId", "42"))))
                .isNotEmpty();
        assertThat(EventContract.violations(TOPIC,
                json.writeValueAsString(payload.deepCopy().put("occurredAt", "yesterday")))).isNotEmpty();
        assertThat(EventContract.violations(TOPIC,
                json.writeValueAsString(payload.deepCopy().put(EventEnvelope.SCHEMA_VERSION, 2)))).isNotEmpty();
        assertThat(EventContract.violations(TOPIC,
                json.writeValueAsString(payload.deepCopy().put(EventEnvelope.EVENT_TYPE, "RiderLost")))).isNotEmpty();
    }

    @Test
    void everyDeliveryEventSchemaFileIsVersionedStrictAndNamedForItsEvent() throws IOException {
        Pattern name = Pattern.compile(".*/schemas/(" + Pattern.quote(TOPIC)
                + ")/([A-Za-z]+)\\.v([1-9][0-9]*)\\.schema\\.json");
        Resource[] files = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:" + EventContract.ROOT + "schemas/" + TOPIC + "/*");
        assertThat(files).hasSizeGreaterThanOrEqualTo(DeliveryEvent.class.getPermittedSubclasses().length);
        for (Resource file : files) {
            Matcher matcher = name.matcher(file.getURL().toString());
            assertThat(matcher.matches()).as("%s is named schemas/<topic>/<EventType>.v<n>.schema.json", file)
                    .isTrue();
            JsonNode schema = EventContract.json(EventContract.schemaPath(matcher.group(1), matcher.group(2),
                    Integer.parseInt(matcher.group(3))));
            assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.path("additionalProperties").isBoolean()
                    && !schema.path("additionalProperties").asBoolean()).as("%s is closed", file).isTrue();
            assertThat(schema.path("required").isEmpty()).as("%s requires fields", file).isFalse();
            assertThat(schema.at("/properties/eventType/const").asString()).isEqualTo(matcher.group(2));
            assertThat(schema.at("/properties/schemaVersion/const").asInt())
                    .isEqualTo(Integer.parseInt(matcher.group(3)));
        }
    }

    private ObjectNode payload(DeliveryEvent event) {
        return (ObjectNode) json.readTree(outbox.toMessage(event, null).payload());
    }

    private static String schemaPathOf(JsonNode payload) {
        return EventContract.schemaPath(TOPIC, payload.path(EventEnvelope.EVENT_TYPE).asString(),
                payload.path(EventEnvelope.SCHEMA_VERSION).asInt());
    }

    /** Three lives through the domain: delivered, cancelled with a reason, cancelled without one. */
    static List<DeliveryEvent> everyKindOfEvent() {
        List<DeliveryEvent> events = new ArrayList<>();
        Delivery delivered = handOver("A-1", events);
        events.add(delivered.assignRider("rider-7", T0.plusSeconds(1)).orElseThrow());
        events.add(delivered.requestPickupReady(T0.plusSeconds(2)).orElseThrow());
        events.add(delivered.markPickedUp(T0.plusSeconds(3)).orElseThrow());
        events.add(delivered.markDelivered(T0.plusSeconds(4)).orElseThrow());
        Delivery cancelled = handOver("A-2", events);
        events.add(cancelled.requestPickupReady(T0.plusSeconds(1)).orElseThrow());
        events.add(cancelled.cancel("shop closed", T0.plusSeconds(2)).orElseThrow());
        Delivery cancelledAtOnce = handOver("A-3", events);
        events.add(cancelledAtOnce.cancel(null, T0.plusSeconds(1)).orElseThrow());
        return events;
    }

    private static Delivery handOver(String orderId, List<DeliveryEvent> events) {
        Place shop = new Place("1 Teheran-ro, Gangnam-gu, Seoul", new BigDecimal("37.4981"), new BigDecimal("127.0276"));
        Place home = new Place("20 Yeoksam-ro, Gangnam-gu, Seoul", new BigDecimal("37.4952"),
                new BigDecimal("127.0331"));
        Delivery.Created created = Delivery.handOver(DeliveryId.newId(),
                new HandOver(new OrderReference("baemin-orders", orderId), "Kimbap Heaven", shop, home,
                        T0.plusSeconds(1800)),
                new ServiceAssignment("partner-a", "gangnam-lunch", 3), T0);
        events.add(created.event());
        return created.delivery();
    }
}
