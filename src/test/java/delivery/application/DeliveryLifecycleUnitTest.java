package delivery.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

import delivery.DeliveryEvent.DeliveryCreated;
import delivery.DeliveryEvent.PickupReadyRequested;
import delivery.DeliveryStatus;
import delivery.application.port.in.AssignRiderCommand;
import delivery.application.port.in.ConcurrentDeliveryUpdateException;
import delivery.application.port.in.ConflictingHandOverException;
import delivery.application.port.in.DeliveryChangeCommand;
import delivery.application.port.in.ExpectedVersion;
import delivery.application.port.in.DeliveryNotFoundException;
import delivery.application.port.in.HandOverDeliveryCommand;
import delivery.application.port.in.HandOverDeliveryCommand.PlaceInput;
import delivery.domain.Delivery;
import delivery.domain.DeliveryId;
import delivery.domain.ServiceAssignment;

class DeliveryLifecycleUnitTest {

    final InMemoryDeliveries store = new InMemoryDeliveries();
    final DeliveryLifecycle lifecycle = new DeliveryLifecycle(store, store, store,
            (id, handOver, at) -> new ServiceAssignment("in-house", "fallback", 1),
            TransactionOperations.withoutTransaction(),
            Clock.fixed(Instant.parse("2026-11-26T12:00:00.123456789Z"), ZoneOffset.UTC));

    static HandOverDeliveryCommand command(String orderId, String shop) {
        return new HandOverDeliveryCommand("baemin-orders", orderId, shop,
                new PlaceInput("1 Teheran-ro", new BigDecimal("37.4981"), new BigDecimal("127.0276")),
                new PlaceInput("20 Yeoksam-ro", new BigDecimal("37.4952"), new BigDecimal("127.0331")),
                Instant.parse("2026-11-26T12:30:00Z"));
    }

    @Test
    void aHandOverCreatesTheDeliveryAndPublishesItsFirstEvent() {
        var result = lifecycle.handOver(command("A-1", "Kimbap Heaven"));

        assertThat(result.created()).isTrue();
        assertThat(store.published).singleElement().isInstanceOf(DeliveryCreated.class);
        assertThat(result.delivery().createdAt()).isEqualTo(Instant.parse("2026-11-26T12:00:00.123456Z"));
    }

    @Test
    void aHandOverThatLosesTheRaceReturnsTheWinnersDelivery() {
        Delivery winner = Delivery.handOver(DeliveryId.newId(), command("A-1", "Kimbap Heaven").toHandOver(),
                new ServiceAssignment("in-house", "fallback", 1), Instant.parse("2026-11-26T11:59:59Z")).delivery();
        store.raceWinner = winner.snapshot();

        var result = lifecycle.handOver(command("A-1", "Kimbap Heaven"));

        assertThat(result.created()).isFalse();
        assertThat(result.delivery().id()).isEqualTo(winner.id());
        assertThat(store.published).isEmpty();
    }

    @Test
    void aRepeatedHandOverWithOtherFactsIsRefused() {
        lifecycle.handOver(command("A-1", "Kimbap Heaven"));

        assertThatThrownBy(() -> lifecycle.handOver(command("A-1", "Pizza Place")))
                .isInstanceOf(ConflictingHandOverException.class);
    }

    @Test
    void aLostOptimisticRaceIsReappliedToTheWinnersState() {
        DeliveryId id = lifecycle.handOver(command("A-1", "Kimbap Heaven")).delivery().id();
        store.updatesToLose = 2;

        Delivery.Snapshot after = lifecycle.requestPickupReady(new DeliveryChangeCommand(id, ExpectedVersion.ANY));

        assertThat(after.status()).isEqualTo(DeliveryStatus.PICKUP_READY_REQUESTED);
        assertThat(store.published).hasSize(2).last().isInstanceOf(PickupReadyRequested.class);
    }

    @Test
    void aRaceLostOnEveryAttemptEndsAsAConflict() {
        DeliveryId id = lifecycle.handOver(command("A-1", "Kimbap Heaven")).delivery().id();
        store.updatesToLose = DeliveryLifecycle.MAX_ATTEMPTS;

        assertThatThrownBy(() -> lifecycle.requestPickupReady(new DeliveryChangeCommand(id, ExpectedVersion.ANY)))
                .isInstanceOf(ConcurrentDeliveryUpdateException.class);
        assertThat(store.published).hasSize(1);
    }

    @Test
    void aCallerWhoPinnedAVersionIsNotRetriedFor() {
        DeliveryId id = lifecycle.handOver(command("A-1", "Kimbap Heaven")).delivery().id();
        store.updatesToLose = 1;

        assertThatThrownBy(() -> lifecycle.assignRider(new AssignRiderCommand(id, "rider-7", ExpectedVersion.of(1L))))
                .isInstanceOf(ConcurrentDeliveryUpdateException.class);
        assertThatThrownBy(() -> lifecycle.assignRider(new AssignRiderCommand(id, "rider-7", ExpectedVersion.of(5L))))
                .isInstanceOf(ConcurrentDeliveryUpdateException.class)
                .hasMessageContaining("expected version 5 but it is at 1");
    }

    @Test
    void anUnknownDeliveryIsNotFound() {
        assertThatThrownBy(() -> lifecycle.markPickedUp(new DeliveryChangeCommand(DeliveryId.newId(), ExpectedVersion.ANY)))
                .isInstanceOf(DeliveryNotFoundException.class);
    }
}
