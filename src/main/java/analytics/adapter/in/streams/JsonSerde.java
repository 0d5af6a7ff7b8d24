package analytics.adapter.in.streams;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON with Jackson's defaults (ISO-8601 instants, nulls written): readable with any Kafka tool, and fields can be
 * added later (unknown ones are ignored when read, as the integrated record's schema promises). Used for the steps'
 * topics, {@code delivery.integrated} included, whose readers rely on exactly this form. The stores read on nearly
 * every event ({@code deliveries-in-progress}, {@code deliveries-ended}, {@code live-deliveries}) use {@link #state}:
 * the same JSON with instants as numbers; the alarm evaluator's store, read far less often, keeps this form.
 */
public final class JsonSerde<T> implements Serde<T> {

    public static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * {@link #JSON}, writing instants as seconds since the epoch with nanoseconds ({@code 1795860000.123456000}): a
     * store's value is read back on nearly every event, and reading ISO-8601 text through {@code DateTimeFormatter} is
     * slow: an integrated delivery reads in 5.9 µs with ISO text, 3.25 µs with numbers, and writes in 1.53 and 1.72 µs
     * ({@code StateSerdeBenchmark}, docs/benchmarks.md). No precision is lost. Jackson reads both forms whatever it
     * writes, so values already in a store or its changelog in the ISO form stay readable, and an older version reads
     * the new ones.
     */
    static final JsonMapper STATE_JSON = JSON.rebuild()
            .enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DateTimeFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .build();

    private final Class<T> type;
    private final JsonMapper mapper;

    public JsonSerde(Class<T> type) {
        this(type, JSON);
    }

    private JsonSerde(Class<T> type, JsonMapper mapper) {
        this.type = type;
        this.mapper = mapper;
    }

    /** For a state store's values: kept only here and in the store's changelog, read on nearly every event. */
    static <T> JsonSerde<T> state(Class<T> type) {
        return new JsonSerde<>(type, STATE_JSON);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : mapper.writeValueAsBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : mapper.readValue(bytes, type);
    }
}
