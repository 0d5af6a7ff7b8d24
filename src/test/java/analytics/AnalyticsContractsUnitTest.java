package analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.yaml.snakeyaml.Yaml;

import analytics.adapter.in.streams.IntegratedDeliverySchema;
import analytics.adapter.in.streams.JsonSerde;
import analytics.adapter.in.streams.LiveStatusTopology;
import analytics.domain.AlarmEvaluator;
import analytics.domain.AlarmEvent;
import analytics.domain.DeadLetter;
import analytics.domain.IntegratedDelivery;
import analytics.domain.Severity;
import delivery.DeliveryEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The analytics contract files say what the code does: names, fields and codes come from one place. */
class AnalyticsContractsUnitTest {

    static final Path CHANNELS = Path.of("docs", "contracts", "asyncapi.yaml");
    static final Path ALARM_SCHEMA = Path.of("docs", "contracts", "schemas", "analytics.alarms",
            "AlarmEvent.v1.schema.json");

    @Test
    void theSchemaHasExactlyTheRecordsFieldsAllRequired() {
        JsonNode schema = JsonMapper.builder().build().readTree(IntegratedDeliverySchema.FILE.toFile());
        List<String> fields = Arrays.stream(IntegratedDelivery.class.getRecordComponents())
                .map(c -> c.getName()).toList();

        assertThat(names(schema.get("properties").propertyNames())).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(StreamSupport.stream(schema.get("required").spliterator(), false).map(JsonNode::asString))
                .containsExactlyInAnyOrderElementsOf(fields);
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(StreamSupport.stream(schema.at("/properties/lastEventType/enum").spliterator(), false)
                .map(JsonNode::asString)).containsExactlyInAnyOrderElementsOf(Arrays
                        .stream(DeliveryEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).toList());
        assertThat(StreamSupport.stream(schema.at("/properties/status/enum").spliterator(), false)
                .map(JsonNode::asString)).containsExactlyInAnyOrderElementsOf(Arrays
                        .stream(IntegratedDelivery.Status.values()).map(Enum::name).toList());
    }

    @Test
    void theAlarmSchemaHasExactlyTheEventsFieldsAndAPublishedEventFollowsIt() throws IOException {
        JsonNode schema = JsonSerde.JSON.readTree(ALARM_SCHEMA.toFile());
        List<String> fields = Arrays.stream(AlarmEvent.class.getRecordComponents()).map(c -> c.getName()).toList();

        assertThat(names(schema.get("properties").propertyNames())).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(StreamSupport.stream(schema.get("required").spliterator(), false).map(JsonNode::asString))
                .containsExactlyInAnyOrderElementsOf(fields);
        assertThat(StreamSupport.stream(schema.at("/properties/severity/enum").spliterator(), false)
                .map(JsonNode::asString)).containsExactlyInAnyOrderElementsOf(Arrays.stream(Severity.values())
                        .map(Enum::name).toList());
        assertThat(StreamSupport.stream(schema.at("/properties/kind/enum").spliterator(), false)
                .map(JsonNode::asString)).containsExactlyInAnyOrderElementsOf(Arrays.stream(AlarmEvent.Kind.values())
                        .map(Enum::name).toList());

        // serialized as the evaluator publishes it, raised (nulls written) and cleared
        Instant at = Instant.parse("2026-11-27T10:15:30.123456Z");
        Schema validator;
        try (var in = Files.newInputStream(ALARM_SCHEMA)) {
            validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
        for (AlarmEvent event : List.of(
                new AlarmEvent(AlarmEvent.Kind.RAISED, AlarmEvaluator.STUCK, AlarmEvaluator.STUCK, Severity.CRITICAL, "20 stuck",
                        20, 20, at, null, null, at),
                new AlarmEvent(AlarmEvent.Kind.CLEARED, AlarmEvaluator.ORDER_SERVICE_SURGE + ":baemin",
                        AlarmEvaluator.ORDER_SERVICE_SURGE, Severity.SHED, "surge",
                        2.5, 3, at, at.plusSeconds(60), "baemin", at.plusSeconds(60)))) {
            JsonNode json = JsonSerde.JSON.readTree(JsonSerde.JSON.writeValueAsBytes(event));
            assertThat(validator.validate(json, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true))))
                    .as("%s against %s", json, ALARM_SCHEMA).isEmpty();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theChannelsAreTheTopicsAndHeadersTheCodeUses() throws IOException {
        Map<String, Object> asyncapi = new Yaml().load(Files.readString(CHANNELS));
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) asyncapi.get("channels");

        assertThat(channels.values()).extracting(c -> c.get("address"))
                .contains(IntegratedDelivery.TOPIC, DeadLetter.TOPIC, DeadLetter.REDRIVE_TOPIC,
                        LiveStatusTopology.UNREADABLE_INTEGRATED_TOPIC, LiveStatusTopology.ALARMS_TOPIC);
        Map<String, Object> deadLetter = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) asyncapi
                .get("components")).get("messages")).get("DeadLetter");
        Map<String, Object> headers = (Map<String, Object>) ((Map<String, Object>) deadLetter.get("headers"))
                .get("properties");
        assertThat(headers.keySet()).containsExactlyInAnyOrder(DeadLetter.REASON_HEADER, DeadLetter.DETAIL_HEADER,
                DeadLetter.SOURCE_TOPIC_HEADER, DeadLetter.SOURCE_PARTITION_HEADER, DeadLetter.SOURCE_OFFSET_HEADER);
        assertThat((List<String>) ((Map<String, Object>) headers.get(DeadLetter.REASON_HEADER)).get("enum"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(DeadLetter.Reason.values())
                        .map(DeadLetter.Reason::code).toList());
    }

    private static List<String> names(java.util.Collection<String> names) {
        return List.copyOf(names);
    }
}
