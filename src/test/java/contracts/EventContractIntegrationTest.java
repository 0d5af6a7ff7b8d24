package contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.modulith.events.Externalized;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import delivery.DeliveryEvent;
import outbox.EventEnvelope;
import outbox.application.port.in.RelayStatusQuery;
import platform.DeliveryDriver;
import platform.DeliveryEventsProbe;
import platform.DeliveryEventsProbe.Event;
import platform.HttpApi;
import platform.RelayIntegrationTest;
import platform.RelayReady;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event contract on the real path: HTTP request, delivery row and outbox row in one transaction, binlog, the
 * relay's record mapping, Kafka. What a consumer reads validates against the committed schemas, carries exactly the
 * documented headers and continues the trace of the request that caused it. And the topics the code externalizes
 * and the topics the migrations register in {@code outbox_topic} are the same, so renaming one without the other
 * fails here rather than at the first write.
 */
@RelayIntegrationTest
class EventContractIntegrationTest {

    static final List<String> STEPS = List.of("assign-rider", "request-pickup-ready", "mark-picked-up",
            "mark-delivered");

    @LocalServerPort
    int port;

    @Autowired
    RelayStatusQuery relay;

    @Autowired
    DSLContext sql;

    @Autowired
    JsonMapper json;

    DeliveryEventsProbe probe;
    HttpApi api;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        probe = RelayReady.probeOnceRelaying(relay);
    }

    @AfterEach
    void tearDown() {
        probe.close();
    }

    @Test
    void aWholeLifeArrivesAsDocumentedAndContinuesEachRequestsTrace() {
        Map<Long, String> traceIdBySequence = new LinkedHashMap<>();
        String created = traceparent();
        HttpApi.Reply reply = api.post("/deliveries", DeliveryDriver.handOverJson("order-" + UUID.randomUUID()),
                EventEnvelope.TRACEPARENT, created);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        String id = reply.text("id");
        traceIdBySequence.put(1L, traceIdOf(created));
        long sequence = 2;
        for (String step : STEPS) {
            String traceparent = traceparent();
            HttpApi.Reply stepped = api.post("/deliveries/" + id + "/" + step,
                    step.equals("assign-rider") ? "{\"riderId\":\"rider-7\"}" : "", EventEnvelope.TRACEPARENT,
                    traceparent);
            assertThat(stepped.status()).as(stepped.body()).isEqualTo(200);
            traceIdBySequence.put(sequence++, traceIdOf(traceparent));
        }

        List<Event> events = probe.awaitCount(Duration.ofSeconds(30), traceIdBySequence.size());

        assertThat(events).extracting(Event::key).containsOnly(id);
        for (Event event : events) {
            assertThat(EventContract.violations(DeliveryEvent.TOPIC, event.value())).as(event.value()).isEmpty();
            assertThat(event.headers()).containsOnlyKeys(envelopeNames());
            JsonNode payload = json.readTree(event.value());
            assertThat(event.headers())
                    .containsEntry(EventEnvelope.EVENT_TYPE, payload.path(EventEnvelope.EVENT_TYPE).asString())
                    .containsEntry(EventEnvelope.SCHEMA_VERSION, payload.path(EventEnvelope.SCHEMA_VERSION).asString())
                    .containsEntry(EventEnvelope.EVENT_ID, payload.path("eventId").asString())
                    .containsEntry(EventEnvelope.SEQUENCE, payload.path("sequence").asString())
                    .containsEntry(EventEnvelope.AGGREGATE_TYPE, DeliveryEvent.AGGREGATE_TYPE)
                    .containsEntry(EventEnvelope.CONTENT_TYPE, "application/json");
            String traceparent = event.headers().get(EventEnvelope.TRACEPARENT);
            assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            assertThat(traceIdOf(traceparent)).as("trace of sequence %d", event.sequence())
                    .isEqualTo(traceIdBySequence.get(event.sequence()));
        }
    }

    @Test
    void aChangeWithoutTraceparentStartsATraceOfItsOwn() {
        String id = new DeliveryDriver(api).create();

        Event created = probe.awaitCount(Duration.ofSeconds(30), 1).getFirst();

        assertThat(created.key()).isEqualTo(id);
        assertThat(created.headers().get(EventEnvelope.TRACEPARENT)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")
                .doesNotContain("00000000000000000000000000000000");
    }

    @Test
    void everyExternalizedTopicHasAnOutboxTopicRowAndViceVersa() {
        Set<String> registered = new HashSet<>(sql.fetch("select topic from outbox_topic").getValues(0, String.class));

        assertThat(externalizedTopics()).as("topics of @Externalized types in the application")
                .contains(DeliveryEvent.TOPIC)
                .containsExactlyInAnyOrderElementsOf(registered);
    }

    /**
     * The topic of every {@code @Externalized} type of the application's main code. Read from the annotation in
     * Spring Modulith's {@code target::key} form (what {@code RoutingTarget} parses), since there is no event
     * instance to route here; a target written as an expression cannot be known without one and fails the test.
     */
    private static Set<String> externalizedTopics() {
        Set<String> topics = new HashSet<>();
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("delivery", "routing", "analytics", "outbox", "platform");
        for (JavaClass type : classes) {
            Externalized externalized = AnnotatedElementUtils.findMergedAnnotation(type.reflect(), Externalized.class);
            if (externalized == null || externalized.target().isBlank()) {
                continue;
            }
            String topic = externalized.target().split("::", 2)[0].trim();
            assertThat(topic).as("topic of %s", type.getName()).doesNotStartWith("#{").isNotBlank();
            topics.add(topic);
        }
        return topics;
    }

    private static List<String> envelopeNames() {
        List<String> names = new ArrayList<>();
        for (var field : EventEnvelope.class.getFields()) {
            if (field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    private static String traceparent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String traceId = Stream.of(random.nextLong(), random.nextLong()).map(l -> String.format("%016x", l))
                .reduce("", String::concat);
        return "00-" + traceId + "-" + String.format("%016x", random.nextLong() | 1) + "-01";
    }

    private static String traceIdOf(String traceparent) {
        return traceparent.split("-")[1];
    }
}
