package analytics.adapter.in.streams;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON with Jackson's defaults (ISO-8601 instants, nulls written): readable with any tool, and fields can be added
 * later. Used for the step's state and for {@code delivery.integrated}, whose readers rely on exactly this form.
 */
final class JsonSerde<T> implements Serde<T> {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Class<T> type;

    JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : JSON.writeValueAsBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : JSON.readValue(bytes, type);
    }
}
