package analytics.adapter.in.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import analytics.adapter.in.streams.DeliveryEventReader.Read;
import analytics.adapter.in.streams.DeliveryEventReader.Result;
import analytics.adapter.in.streams.DeliveryEventReader.Unreadable;
import analytics.domain.DeadLetter.Reason;
import analytics.domain.DeliveryEvents;
import delivery.DeliveryEvent;
import delivery.DeliveryStatus;

class DeliveryEventReaderUnitTest {

    final DeliveryEventReader reader = new DeliveryEventReader();
    final DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();

    @Test
    void readsEveryEventTypeBackIntoTheDeliveryModulesRecords() {
        for (DeliveryEvent event : new DeliveryEvent[] { delivery.created(1, 0), delivery.assigned(2, 1),
                delivery.pickupReady(3, 2), delivery.pickedUp(4, 3), delivery.delivered(5, 4),
                delivery.cancelled(6, 5, DeliveryStatus.PICKED_UP, null) }) {
            Result result = read(event, RelayRecords.payload(event));

            assertThat(result).isEqualTo(new Read(event, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        }
    }

    @Test
    void fieldsAddedLaterWithinTheSchemaVersionAreIgnored() {
        DeliveryEvent event = delivery.assigned(2, 1);
        String payload = new String(RelayRecords.payload(event), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"vehicle\":\"bicycle\",");

        assertThat(read(event, payload.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Read.class);
    }

    @Test
    void aMissingNestedFieldOrANullPayloadIsNotHalfRead() {
        DeliveryEvent event = delivery.created(1, 0);
        String payload = new String(RelayRecords.payload(event), StandardCharsets.UTF_8)
                .replace("\"address\":\"1 Teheran-ro, Gangnam-gu, Seoul\",", "");

        assertThat(read(event, payload.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Unreadable(Reason.UNREADABLE_PAYLOAD, "DeliveryCreated without pickup.address"));
        assertThat(read(event, null)).isInstanceOf(Unreadable.class);
        assertThat(read(event, "null".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Unreadable(Reason.UNREADABLE_PAYLOAD, "DeliveryCreated without a JSON object"));
    }

    @Test
    void aPayloadOfAnotherEventThanItsHeadersSayIsRefused() {
        DeliveryEvent event = delivery.assigned(2, 1);
        DeliveryEvent other = delivery.pickedUp(4, 3);

        Result result = read(event, RelayRecords.payload(new DeliveryEvent.RiderAssigned(other.eventId(),
                other.deliveryId(), 2, other.occurredAt(), "rider-7")));

        assertThat(result).isInstanceOf(Unreadable.class)
                .extracting(r -> ((Unreadable) r).reason()).isEqualTo(Reason.BAD_ENVELOPE);
    }

    private Result read(DeliveryEvent event, byte[] payload) {
        Headers headers = RelayRecords.headers(event, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        return reader.read(event.deliveryId().toString(), headers, payload);
    }
}
