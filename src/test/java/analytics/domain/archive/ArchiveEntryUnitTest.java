package analytics.domain.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import analytics.IntegratedDeliveries;
import analytics.domain.IntegratedDelivery;

class ArchiveEntryUnitTest {

    static final Instant AT = Instant.parse("2026-11-26T04:16:22.762438Z");

    @Test
    void aRecordIsFiledUnderTheHourOfItsLastEvent() {
        IntegratedDelivery record = IntegratedDeliveries.created(UUID.randomUUID(), AT);

        ArchiveEntry entry = new ArchiveEntry(2, 41, record);

        assertThat(entry.hour()).isEqualTo(ArchiveHour.of(record.updatedAt()));
    }

    @Test
    void recordsWithoutWhatEveryRowNeedsAreRefusedWithoutTheirValues() {
        IntegratedDelivery record = IntegratedDeliveries.created(UUID.randomUUID(), AT);
        IntegratedDelivery noTime = copy(record, null, record.pickup());

        assertThatThrownBy(() -> new ArchiveEntry(0, 0, noTime))
                .isInstanceOf(ArchiveEntry.UnarchivableRecordException.class)
                .hasMessage("updatedAt is missing");
    }

    @Test
    void coordinatesTheArchiveCannotHoldExactlyAreRefusedNotRounded() {
        IntegratedDelivery record = IntegratedDeliveries.created(UUID.randomUUID(), AT);
        var precise = new IntegratedDelivery.Location("secret address", new BigDecimal("37.1234567"),
                new BigDecimal("127.000001"));

        assertThatThrownBy(() -> new ArchiveEntry(0, 0, copy(record, record.updatedAt(), precise)))
                .hasMessage("pickup.latitude has more than 6 decimals")
                .hasMessageNotContaining("secret address");
        var trailingZeros = new IntegratedDelivery.Location("a", new BigDecimal("37.12345600"),
                new BigDecimal("127.0"));
        assertThat(new ArchiveEntry(0, 0, copy(record, record.updatedAt(), trailingZeros))).isNotNull();
        var outOfRange = new IntegratedDelivery.Location("a", new BigDecimal("91"), new BigDecimal("127.0"));
        assertThatThrownBy(() -> new ArchiveEntry(0, 0, copy(record, record.updatedAt(), outOfRange)))
                .hasMessage("pickup.latitude is out of range");
    }

    @SuppressWarnings("NullAway")
    static IntegratedDelivery copy(IntegratedDelivery d, @Nullable Instant updatedAt,
            IntegratedDelivery.Location pickup) {
        return new IntegratedDelivery(d.schemaVersion(), d.deliveryId(), d.orderService(), d.orderId(),
                d.shopName(), pickup, d.dropoff(), d.requestedAt(), d.deliveryService(), d.routingRule(),
                d.routingRuleSetVersion(), d.riderId(), d.status(), d.outcome(), d.cancelledIn(), d.cancelReason(),
                d.createdAt(), d.riderAssignedAt(), d.pickupReadyRequestedAt(), d.pickedUpAt(), d.deliveredAt(),
                d.cancelledAt(), d.expiredAt(), d.toAssignmentMillis(), d.pickupWaitMillis(), d.toDeliveryMillis(),
                d.totalMillis(), d.lastSequence(), d.lastEventId(), d.lastEventType(), updatedAt, d.traceparent());
    }
}
