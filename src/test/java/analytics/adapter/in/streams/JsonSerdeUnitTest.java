package analytics.adapter.in.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import analytics.domain.EndedDelivery;
import analytics.domain.IntegratedDelivery;

/**
 * Topics keep ISO-8601 instants (their readers rely on it); state stores write instants as numbers, exactly, and
 * read both forms, so values written before the change (and the changelogs holding them) stay readable.
 */
class JsonSerdeUnitTest {

    static final String INTEGRATED_AS_PUBLISHED = """
            {"schemaVersion":1,"deliveryId":"0b7d7a36-3c31-4a0c-9f4e-2f7f3f0d8a11","orderService":"baemin",\
            "orderId":"ORD-123456","shopName":"Kimchi House","pickup":{"address":"Seoul 1","latitude":37.5665,\
            "longitude":126.978},"dropoff":{"address":"Seoul 2","latitude":37.5,"longitude":127.0},\
            "requestedAt":"2026-11-28T10:00:00.123456Z","deliveryService":"baemin-riders","routingRule":"default",\
            "routingRuleSetVersion":3,"riderId":"rider-7","status":"PICKED_UP","outcome":null,"cancelledIn":null,\
            "cancelReason":null,"createdAt":"2026-11-28T10:00:00Z","riderAssignedAt":"2026-11-28T10:00:01.3Z",\
            "pickupReadyRequestedAt":"1969-12-31T23:59:59.999999999Z","pickedUpAt":"2026-11-28T10:05:00.523456789Z",\
            "deliveredAt":null,"cancelledAt":null,"expiredAt":null,"toAssignmentMillis":1100,"pickupWaitMillis":null,\
            "toDeliveryMillis":null,"totalMillis":null,"lastSequence":4,\
            "lastEventId":"1b7d7a36-3c31-4a0c-9f4e-2f7f3f0d8a11","lastEventType":"DeliveryPickedUp",\
            "updatedAt":"2026-11-28T10:05:00.523456Z","traceparent":null}""";

    final JsonSerde<IntegratedDelivery> topic = new JsonSerde<>(IntegratedDelivery.class);
    final JsonSerde<IntegratedDelivery> state = JsonSerde.state(IntegratedDelivery.class);

    IntegratedDelivery published() {
        return topic.deserializer().deserialize("t", INTEGRATED_AS_PUBLISHED.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void topicsKeepIsoInstantsAndStoresWriteNumbers() {
        String onTopic = new String(topic.serializer().serialize("t", published()), StandardCharsets.UTF_8);
        String inStore = new String(state.serializer().serialize("t", published()), StandardCharsets.UTF_8);

        assertThat(onTopic).contains("\"pickedUpAt\":\"2026-11-28T10:05:00.523456789Z\"");
        assertThat(inStore).contains("\"pickedUpAt\":1795860300.523456789")
                .doesNotContain("2026-11-28T").doesNotContain("1969-12-31T");
    }

    @Test
    void aStoreReadsBackExactlyWhatItWrote() {
        IntegratedDelivery delivery = published();

        assertThat(state.deserializer().deserialize("t", state.serializer().serialize("t", delivery)))
                .isEqualTo(delivery);
    }

    @Test
    void valuesWrittenBeforeTheChangeAreReadAsTheyWereAndAnOlderVersionReadsTheNewOnes() {
        IntegratedDelivery delivery = published();

        assertThat(state.deserializer().deserialize("t", topic.serializer().serialize("t", delivery)))
                .isEqualTo(delivery);
        assertThat(topic.deserializer().deserialize("t", state.serializer().serialize("t", delivery)))
                .isEqualTo(delivery);
    }

    @Test
    void everyInstantSurvivesAStoreExactly() {
        JsonSerde<EndedDelivery> ended = JsonSerde.state(EndedDelivery.class);
        SplittableRandom random = new SplittableRandom(3);
        List<Instant> edges = List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(-1),
                Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("2026-11-28T10:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"));
        for (int n = 0; n < 10_000; n++) {
            Instant at = n < edges.size() ? edges.get(n)
                    : Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                            random.nextInt(1_000_000_000));
            EndedDelivery value = new EndedDelivery(IntegratedDelivery.Outcome.DELIVERED, at, 5, List.of(2L));

            assertThat(ended.deserializer().deserialize("t", ended.serializer().serialize("t", value)))
                    .as("%s", at).isEqualTo(value);
        }
    }
}
