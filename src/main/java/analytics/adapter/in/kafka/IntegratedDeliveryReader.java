package analytics.adapter.in.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import analytics.domain.IntegratedDelivery;
import analytics.domain.archive.ArchiveEntry;
import platform.web.Problems;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a record of {@code delivery.integrated} as written by the Kafka Streams step: Jackson's default mapping of
 * {@link IntegratedDelivery} (ISO-8601 instants, nulls included). Fields it does not know are ignored (fields are
 * only ever added within a schema version; a new one is archived once it has a column). What cannot be read
 * raises {@link UnreadableRecordException} with a reason that names fields, never values: records hold addresses.
 */
final class IntegratedDeliveryReader {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    ArchiveEntry read(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value == null) {
            throw new UnreadableRecordException("the record has no value");
        }
        IntegratedDelivery delivery;
        try {
            delivery = json.readValue(value, IntegratedDelivery.class);
        } catch (DatabindException e) {
            String path = Problems.fieldPath(e);
            throw new UnreadableRecordException(path.isEmpty()
                    ? "the value is not an integrated delivery record (" + e.getClass().getSimpleName() + ")"
                    : "field '" + path + "' has a value of the wrong type or format");
        } catch (JacksonException e) {
            throw new UnreadableRecordException("the value is not valid JSON");
        }
        if (delivery == null) {
            throw new UnreadableRecordException("the value is JSON null");
        }
        try {
            return new ArchiveEntry(record.partition(), record.offset(), delivery);
        } catch (ArchiveEntry.UnarchivableRecordException e) {
            throw new UnreadableRecordException(String.valueOf(e.getMessage()));
        }
    }

    /** Why a record goes to the dead-letter topic instead of the archive. */
    static final class UnreadableRecordException extends RuntimeException {
        UnreadableRecordException(String reason) {
            super(reason, null, false, false);
        }
    }
}
