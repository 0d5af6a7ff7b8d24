package contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import outbox.EventEnvelope;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The published event contract as tests read it: the committed files under {@code docs/contracts}, which the
 * build puts on the class path under {@code contracts/} (the application reads the same files there).
 */
public final class EventContract {

    public static final String ROOT = "contracts/";
    public static final String ASYNCAPI = ROOT + "asyncapi.yaml";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    // uuid and date-time are part of the contract, not annotations
                    .formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private EventContract() {
    }

    /** {@code schemas/<topic>/<EventType>.v<version>.schema.json}, relative to {@link #ROOT}. */
    public static String schemaPath(String topic, String eventType, int schemaVersion) {
        return "schemas/" + topic + "/" + eventType + ".v" + schemaVersion + ".schema.json";
    }

    /**
     * What is wrong with a payload of {@code topic}, by the schema its own {@code eventType} and
     * {@code schemaVersion} name; empty if it is valid.
     */
    public static List<String> violations(String topic, String payload) {
        JsonNode value = JSON.readTree(payload);
        String eventType = value.path(EventEnvelope.EVENT_TYPE).asString("");
        int version = value.path(EventEnvelope.SCHEMA_VERSION).asInt(0);
        if (eventType.isEmpty() || version < 1) {
            return List.of("no " + EventEnvelope.EVENT_TYPE + " or " + EventEnvelope.SCHEMA_VERSION + " in " + payload);
        }
        String path = schemaPath(topic, eventType, version);
        if (EventContract.class.getClassLoader().getResource(ROOT + path) == null) {
            return List.of("no schema " + path + " for " + payload);
        }
        return schema(path).validate(value).stream().map(Error::toString).toList();
    }

    /** The JSON Schema at a path relative to {@link #ROOT}. */
    public static Schema schema(String path) {
        return LOADED.computeIfAbsent(path, p -> SCHEMAS.getSchema(SchemaLocation.of("classpath:" + ROOT + p)));
    }

    public static JsonNode json(String pathBelowRoot) {
        return JSON.readTree(read(ROOT + pathBelowRoot));
    }

    public static JsonNode asyncApi() {
        return YAMLMapper.builder().build().readTree(read(ASYNCAPI));
    }

    public static boolean exists(String pathBelowRoot) {
        return EventContract.class.getClassLoader().getResource(ROOT + pathBelowRoot) != null;
    }

    private static String read(String resource) {
        try (InputStream in = EventContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path (docs/contracts is a resource)");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
