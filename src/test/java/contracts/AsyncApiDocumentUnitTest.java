package contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import delivery.DeliveryEvent;
import outbox.EventEnvelope;
import outbox.ExportedEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docs/contracts/asyncapi.yaml} checked against the code, for every channel it lists, so that a topic is
 * added by editing the document and adding its schema files (see docs/contracts/README.md):
 * <ul>
 * <li>a channel's {@code x-java-type} is the type that owns the topic: the address is its {@code TOPIC} constant
 * (if it has one), and there is one message per event type (each permitted subclass of a sealed type, else the
 * type itself);</li>
 * <li>messages of a channel fed by the outbox ({@code x-java-type} an {@link ExportedEvent}) carry exactly the
 * {@link EventEnvelope} headers;</li>
 * <li>every payload references a schema file that exists, is a valid draft 2020-12 schema and is named
 * {@code schemas/<address>/<message>.v<n>.schema.json}; for a channel with a Java type the schema is closed,
 * requires fields and pins {@code eventType} and {@code schemaVersion} to the message name and {@code n};</li>
 * <li>every reference in the document resolves.</li>
 * </ul>
 */
class AsyncApiDocumentUnitTest {

    static final JsonNode document = EventContract.asyncApi();
    static final String ENVELOPE_HEADERS = "#/components/schemas/EnvelopeHeaders";

    @Test
    void isAnAsyncApi3DocumentWithChannels() {
        assertThat(document.path("asyncapi").asString()).startsWith("3.0.");
        assertThat(channels()).isNotEmpty();
    }

    @Test
    void theDeliveryTopicIsDocumentedAsTheCodeNamesIt() {
        JsonNode channel = channels().stream()
                .filter(c -> DeliveryEvent.class.getName().equals(c.path("x-java-type").asString()))
                .findFirst().orElseThrow(() -> new AssertionError("no channel for " + DeliveryEvent.class));

        assertThat(channel.path("address").asString()).isEqualTo(DeliveryEvent.TOPIC);
        assertThat(messageNames(channel)).containsExactlyInAnyOrderElementsOf(
                Stream.of(DeliveryEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).toList());
    }

    @Test
    void everyChannelMatchesTheTypeThatOwnsIt() throws Exception {
        for (JsonNode channel : channels()) {
            String javaType = channel.path("x-java-type").asString("");
            if (javaType.isEmpty()) {
                continue;
            }
            Class<?> type = Class.forName(javaType);
            String topic = topicConstant(type);
            if (topic != null) {
                assertThat(channel.path("address").asString()).as("address of %s", javaType).isEqualTo(topic);
            }
            List<String> eventTypes = type.isSealed()
                    ? Stream.of(type.getPermittedSubclasses()).map(Class::getSimpleName).toList()
                    : List.of(type.getSimpleName());
            assertThat(messageNames(channel)).as("messages of %s", javaType)
                    .containsExactlyInAnyOrderElementsOf(eventTypes);
            if (ExportedEvent.class.isAssignableFrom(type)) {
                for (JsonNode message : messages(channel)) {
                    assertThat(effective(message, "headers").path("$ref").asString())
                            .as("headers of %s", message.path("name")).isEqualTo(ENVELOPE_HEADERS);
                }
            }
        }
    }

    @Test
    void theEnvelopeHeadersAreExactlyEventEnvelopesNames() throws IllegalAccessException {
        JsonNode headers = resolve(ENVELOPE_HEADERS);

        assertThat(headers.path("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(envelopeNames());
        for (JsonNode required : headers.path("required")) {
            assertThat(envelopeNames()).contains(required.asString());
        }
    }

    @Test
    void everyPayloadReferencesAnExistingVersionedSchemaNamedForItsMessage() {
        SchemaRegistry metaSchemas = SchemaRegistry.withDialect(Dialects.getDraft202012());
        var metaSchema = metaSchemas.getSchema(SchemaLocation.of(Dialects.getDraft202012().getId()));
        Pattern versioned = Pattern.compile("schemas/([^/]+)/([A-Za-z0-9]+)\\.v([1-9][0-9]*)\\.schema\\.json");
        int checked = 0;
        for (JsonNode channel : channels()) {
            boolean typed = !channel.path("x-java-type").asString("").isEmpty();
            for (JsonNode message : messages(channel)) {
                String name = message.path("name").asString();
                JsonNode payload = message.path("payload");
                if (message.has("x-copied-from")) {
                    // a record copied unchanged from other channels (dead letters, re-drives): their schemas apply
                    List<String> addresses = new ArrayList<>();
                    channels().forEach(other -> addresses.add(other.path("address").asString()));
                    for (JsonNode source : message.path("x-copied-from")) {
                        assertThat(addresses).as("%s is copied from a documented channel", name)
                                .contains(source.asString());
                    }
                    assertThat(message.path("x-copied-from").isEmpty()).as(name).isFalse();
                    continue;
                }
                assertThat(payload.path("schemaFormat").asString())
                        .isEqualTo("application/schema+json;version=draft-2020-12");
                String file = relative(payload.at("/schema/$ref").asString());
                assertThat(EventContract.exists(file)).as("%s exists", file).isTrue();
                Matcher parts = versioned.matcher(file);
                assertThat(parts.matches()).as("%s is schemas/<topic>/<message>.v<n>.schema.json", file).isTrue();
                assertThat(parts.group(1)).isEqualTo(channel.path("address").asString());
                assertThat(parts.group(2)).isEqualTo(name);
                JsonNode schema = EventContract.json(file);
                assertThat(metaSchema.validate(schema)).as("%s is a valid draft 2020-12 schema", file).isEmpty();
                JsonNode version = schema.at("/properties/schemaVersion/const");
                JsonNode eventType = schema.at("/properties/eventType/const");
                if (typed) {
                    // events of a Java type name their type and version in the payload and are held to their schema
                    assertThat(version.isMissingNode() || eventType.isMissingNode()).as(file).isFalse();
                    assertThat(schema.path("additionalProperties").asBoolean(true)).as("%s is closed", file).isFalse();
                    assertThat(schema.path("required").isEmpty()).as("%s requires fields", file).isFalse();
                }
                if (!version.isMissingNode()) {
                    assertThat(version.asInt()).as(file).isEqualTo(Integer.parseInt(parts.group(3)));
                }
                if (!eventType.isMissingNode()) {
                    assertThat(eventType.asString()).as(file).isEqualTo(name);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(DeliveryEvent.class.getPermittedSubclasses().length);
    }

    @Test
    void everyReferenceInTheDocumentResolves() {
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty();
        for (String reference : references) {
            if (reference.startsWith("#/")) {
                assertThat(resolve(reference).isMissingNode()).as(reference).isFalse();
            } else {
                assertThat(EventContract.exists(relative(reference))).as(reference).isTrue();
            }
        }
    }

    @Test
    void operationsSendDocumentedMessagesOfTheirChannel() {
        for (JsonNode operation : document.path("operations")) {
            String channelRef = operation.at("/channel/$ref").asString();
            assertThat(resolve(channelRef).isMissingNode()).as(channelRef).isFalse();
            for (JsonNode message : operation.path("messages")) {
                assertThat(message.path("$ref").asString()).startsWith(channelRef + "/messages/");
            }
        }
    }

    private static List<JsonNode> channels() {
        List<JsonNode> channels = new ArrayList<>();
        document.path("channels").forEach(channels::add);
        return channels;
    }

    private static List<JsonNode> messages(JsonNode channel) {
        List<JsonNode> messages = new ArrayList<>();
        channel.path("messages").forEach(message -> messages.add(message.has("$ref")
                ? resolve(message.path("$ref").asString()) : message));
        return messages;
    }

    private static Set<String> messageNames(JsonNode channel) {
        Set<String> names = new LinkedHashSet<>();
        messages(channel).forEach(message -> names.add(message.path("name").asString()));
        assertThat(names).as("message names of %s", channel.path("address")).hasSize(channel.path("messages").size());
        return names;
    }

    /** A message's field, or that of the first of its traits that has it. */
    private static JsonNode effective(JsonNode message, String field) {
        if (message.has(field)) {
            return message.path(field);
        }
        for (JsonNode trait : message.path("traits")) {
            JsonNode resolved = trait.has("$ref") ? resolve(trait.path("$ref").asString()) : trait;
            if (resolved.has(field)) {
                return resolved.path(field);
            }
        }
        return JsonMapper.builder().build().missingNode();
    }

    private static JsonNode resolve(String localReference) {
        return document.at(localReference.substring(1));
    }

    private static String relative(String fileReference) {
        return fileReference.startsWith("./") ? fileReference.substring(2) : fileReference;
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (entry.getKey().equals("$ref")) {
                    references.add(entry.getValue().asString());
                } else {
                    collectReferences(entry.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, references));
        }
    }

    private static List<String> envelopeNames() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field field : EventEnvelope.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        assertThat(names).hasSizeGreaterThanOrEqualTo(8);
        return names;
    }

    private static String topicConstant(Class<?> type) throws IllegalAccessException {
        Field topic = Arrays.stream(type.getFields())
                .filter(f -> f.getName().equals("TOPIC") && f.getType() == String.class
                        && Modifier.isStatic(f.getModifiers()))
                .findFirst().orElse(null);
        return topic == null ? null : (String) topic.get(null);
    }
}
