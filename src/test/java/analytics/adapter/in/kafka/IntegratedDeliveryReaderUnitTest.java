package analytics.adapter.in.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import analytics.IntegratedDeliveries;
import analytics.domain.IntegratedDelivery;
import analytics.domain.archive.ArchiveEntry;

class IntegratedDeliveryReaderUnitTest {

    final IntegratedDeliveryReader reader = new IntegratedDeliveryReader();
    final IntegratedDelivery record = IntegratedDeliveries.life(UUID.randomUUID(),
            Instant.parse("2026-11-26T10:00:00.123456Z"), false, new java.util.Random(7)).getLast();

    static ConsumerRecord<byte[], byte[]> kafka(byte[] value) {
        return new ConsumerRecord<>("delivery.integrated", 4, 99, new byte[0], value);
    }

    @Test
    void readsTheRecordAsJacksonWritesItByDefault() {
        byte[] json = IntegratedDeliveries.json(record);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"updatedAt\":\"" + record.updatedAt() + "\"")
                .contains("\"expiredAt\":null");

        ArchiveEntry entry = reader.read(kafka(json));

        assertThat(entry.delivery()).isEqualTo(record);
        assertThat(entry.partition()).isEqualTo(4);
        assertThat(entry.offset()).isEqualTo(99);
    }

    @Test
    void fieldsAddedLaterInTheSameSchemaVersionAreIgnored() {
        String json = new String(IntegratedDeliveries.json(record), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"aFieldFromTheFuture\":42,");

        assertThat(reader.read(kafka(json.getBytes(StandardCharsets.UTF_8))).delivery()).isEqualTo(record);
    }

    @Test
    void whatCannotBeArchivedIsRefusedWithAReasonThatHoldsNoAddress() {
        String json = new String(IntegratedDeliveries.json(record), StandardCharsets.UTF_8);
        String address = record.pickup().address();

        assertThatThrownBy(() -> reader.read(kafka("not json".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IntegratedDeliveryReader.UnreadableRecordException.class)
                .hasMessage("the value is not valid JSON");
        assertThatThrownBy(() -> reader.read(kafka(json.replace("\"updatedAt\":\"" + record.updatedAt() + "\"",
                "\"updatedAt\":null").getBytes(StandardCharsets.UTF_8))))
                .hasMessage("updatedAt is missing");
        assertThatThrownBy(() -> reader.read(kafka(json.replace("\"latitude\":" + record.pickup().latitude(),
                "\"latitude\":\"" + address + "\"").getBytes(StandardCharsets.UTF_8))))
                .hasMessage("field 'pickup.latitude' has a value of the wrong type or format")
                .hasMessageNotContaining(address);
        assertThatThrownBy(() -> reader.read(kafka(json.replace("\"schemaVersion\":1", "\"schemaVersion\":2")
                .getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("schemaVersion 2");
        assertThatThrownBy(() -> reader.read(kafka(null))).hasMessage("the record has no value");
        assertThatThrownBy(() -> reader.read(kafka("null".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("the value is JSON null");
    }
}
