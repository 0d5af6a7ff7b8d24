package delivery.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import delivery.DeliveryEvent;
import delivery.DeliveryEvent.DeliveryCancelled;
import delivery.DeliveryEvent.PickupReadyRequested;
import delivery.DeliveryEvent.RiderAssigned;
import delivery.DeliveryStatus;

class DeliveryUnitTest {

    static final ServiceAssignment ROUTED = new ServiceAssignment("partner-a", "gangnam-lunch", 3);

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    static HandOver handOver(String orderId) {
        Place shop = new Place("1 Teheran-ro", new BigDecimal("37.4981"), new BigDecimal("127.0276"));
        Place home = new Place("20 Yeoksam-ro", new BigDecimal("37.4952"), new BigDecimal("127.0331"));
        return new HandOver(new OrderReference("baemin-orders", orderId), "Kimbap Heaven", shop, home,
                T0.plusSeconds(1800));
    }

    static Delivery created() {
        return Delivery.handOver(DeliveryId.newId(), handOver("A-1"), ROUTED, T0).delivery();
    }

    @Test
    void aNewDeliveryStartsCreatedAtVersionOneWithItsCreatedEvent() {
        var result = Delivery.handOver(DeliveryId.newId(), handOver("A-1"), ROUTED, T0);

        assertThat(result.delivery().status()).isEqualTo(DeliveryStatus.CREATED);
        assertThat(result.delivery().version()).isEqualTo(1);
        assertThat(result.event().sequence()).isEqualTo(1);
        assertThat(result.event().deliveryId()).isEqualTo(result.delivery().id().value());
        assertThat(result.event().occurredAt()).isEqualTo(T0);
        assertThat(result.event().orderId()).isEqualTo("A-1");
        assertThat(result.event().deliveryService()).isEqualTo("partner-a");
        assertThat(result.event().routingRule()).isEqualTo("gangnam-lunch");
        assertThat(result.event().routingRuleSetVersion()).isEqualTo(3);
        assertThat(result.delivery().snapshot().assignment()).isEqualTo(ROUTED);
    }

    @Test
    void theHappyPathNumbersEveryEventByOne() {
        Delivery delivery = created();
        List<DeliveryEvent> events = List.of(
                delivery.assignRider("rider-7", T0.plusSeconds(1)).orElseThrow(),
                delivery.requestPickupReady(T0.plusSeconds(2)).orElseThrow(),
                delivery.markPickedUp(T0.plusSeconds(3)).orElseThrow(),
                delivery.markDelivered(T0.plusSeconds(4)).orElseThrow());

        assertThat(events).extracting(DeliveryEvent::sequence).containsExactly(2L, 3L, 4L, 5L);
        assertThat(events).extracting(DeliveryEvent::eventId).doesNotHaveDuplicates();
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivery.version()).isEqualTo(5);
    }

    @Test
    void pickupReadyMayBeRequestedBeforeTheRiderIsAssigned() {
        Delivery delivery = created();

        Optional<DeliveryEvent> ready = delivery.requestPickupReady(T0);
        Optional<DeliveryEvent> assigned = delivery.assignRider("rider-7", T0);

        assertThat(ready).get().isInstanceOf(PickupReadyRequested.class);
        assertThat(assigned).get().isInstanceOf(RiderAssigned.class);
        assertThat(assigned.get().sequence()).isEqualTo(3);
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.PICKUP_READY_REQUESTED);
        assertThat(delivery.snapshot().riderId()).isEqualTo("rider-7");
    }

    @Test
    void repeatingAChangeAlreadyMadeYieldsNoEventAndKeepsTheVersion() {
        Delivery delivery = created();
        delivery.assignRider("rider-7", T0);
        delivery.requestPickupReady(T0);
        long version = delivery.version();

        assertThat(delivery.assignRider("rider-7", T0.plusSeconds(5))).isEmpty();
        assertThat(delivery.requestPickupReady(T0.plusSeconds(5))).isEmpty();
        assertThat(delivery.version()).isEqualTo(version);
    }

    @Test
    void aSecondRiderCannotReplaceTheAssignedOne() {
        Delivery delivery = created();
        delivery.assignRider("rider-7", T0);

        assertThatThrownBy(() -> delivery.assignRider("rider-8", T0))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("rider-7 is already assigned");
    }

    @Test
    void pickupNeedsARiderAndDeliveryNeedsAPickup() {
        Delivery delivery = created();
        assertThatThrownBy(() -> delivery.markPickedUp(T0)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> delivery.markDelivered(T0)).isInstanceOf(IllegalTransitionException.class);
        delivery.assignRider("rider-7", T0);
        assertThatThrownBy(() -> delivery.markDelivered(T0)).isInstanceOf(IllegalTransitionException.class);
        assertThat(delivery.version()).isEqualTo(2);
    }

    @Test
    void cancellationWorksFromEveryLiveStateAndRecordsWhereItHappened() {
        Delivery delivery = created();
        delivery.assignRider("rider-7", T0);
        delivery.markPickedUp(T0);

        DeliveryEvent cancelled = delivery.cancel("order cancelled", T0).orElseThrow();

        assertThat(cancelled).isInstanceOfSatisfying(DeliveryCancelled.class,
                c -> assertThat(c.cancelledIn()).isEqualTo(DeliveryStatus.PICKED_UP));
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.CANCELLED);
        assertThat(delivery.cancel("again", T0)).isEmpty();
    }

    @Test
    void nothingNewHappensAfterTheEnd() {
        Delivery cancelled = created();
        cancelled.cancel(null, T0);
        assertThatThrownBy(() -> cancelled.assignRider("rider-7", T0)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> cancelled.requestPickupReady(T0)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> cancelled.markPickedUp(T0)).isInstanceOf(IllegalTransitionException.class);

        Delivery delivered = created();
        delivered.assignRider("rider-7", T0);
        delivered.markPickedUp(T0);
        delivered.markDelivered(T0);
        assertThatThrownBy(() -> delivered.cancel("late", T0)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> delivered.requestPickupReady(T0)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aRepeatedHandOverMatchesOnlyWithTheSameFacts() {
        Delivery delivery = Delivery.handOver(DeliveryId.newId(), handOver("A-1"), ROUTED, T0).delivery();
        HandOver sameWithOtherScale = new HandOver(new OrderReference("baemin-orders", "A-1"), "Kimbap Heaven",
                new Place("1 Teheran-ro", new BigDecimal("37.498100"), new BigDecimal("127.0276")),
                handOver("A-1").dropoff(), T0.plusSeconds(1800));

        assertThat(delivery.wasHandedOverAs(sameWithOtherScale)).isTrue();
        assertThat(delivery.wasHandedOverAs(handOver("A-2"))).isFalse();
    }

    @Test
    void deliveryIdsAreTimeOrderedVersion7Uuids() {
        DeliveryId first = DeliveryId.newId();
        DeliveryId second = DeliveryId.newId();

        assertThat(first.value().version()).isEqualTo(7);
        assertThat(first.value().variant()).isEqualTo(2);
        assertThat(first.value().getMostSignificantBits() >>> 16)
                .isLessThanOrEqualTo(second.value().getMostSignificantBits() >>> 16);
    }
}
