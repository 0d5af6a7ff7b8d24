package analytics.domain;

import static analytics.domain.DeliveryEvents.minute;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import analytics.domain.DeliveryIntegration.Continued;
import analytics.domain.DeliveryIntegration.Decision;
import analytics.domain.DeliveryIntegration.Dropped;
import analytics.domain.DeliveryIntegration.Ended;
import analytics.domain.DeliveryProgress.Verdict;
import analytics.domain.IntegratedDelivery.Outcome;
import analytics.domain.IntegratedDelivery.Status;
import delivery.DeliveryEvent;
import delivery.DeliveryStatus;

class DeliveryIntegrationUnitTest {

    static final Duration IDLE = Duration.ofHours(6);
    static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    final DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();

    /** The one delivery as the step keeps it while feeding it events. */
    final class Step {
        @Nullable DeliveryJourney journey;
        @Nullable EndedDelivery memory;
        final List<IntegratedDelivery> published = new ArrayList<>();
        final List<Verdict> verdicts = new ArrayList<>();

        Decision take(DeliveryEvent event) {
            Decision decision = DeliveryIntegration.takeIn(journey, memory, event, TRACE, event.occurredAt());
            verdicts.add(decision.verdict());
            switch (decision) {
                case Continued continued -> {
                    journey = continued.journey();
                    published.add(continued.journey().delivery());
                }
                case Ended ended -> {
                    journey = null;
                    memory = ended.memory();
                    published.add(ended.finalRecord());
                }
                case Dropped dropped -> {
                    if (dropped.memory() != null) {
                        memory = dropped.memory();
                    }
                }
            }
            return decision;
        }

        IntegratedDelivery last() {
            return published.getLast();
        }
    }

    @Test
    void aWholeLifeGivesOneRecordPerEventWithTheTimesAndDurations() {
        Step step = new Step();
        for (DeliveryEvent event : delivery.wholeLife()) {
            step.take(event);
        }

        assertThat(step.published).extracting(IntegratedDelivery::status).containsExactly(Status.CREATED,
                Status.RIDER_ASSIGNED, Status.PICKUP_READY_REQUESTED, Status.PICKED_UP, Status.DELIVERED);
        assertThat(step.verdicts).containsOnly(Verdict.IN_ORDER);
        IntegratedDelivery last = step.last();
        assertThat(last.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(last.riderId()).isEqualTo("rider-7");
        assertThat(last.orderService()).isEqualTo("baemin-orders");
        assertThat(last.deliveryService()).isEqualTo("partner-a");
        assertThat(last.routingRule()).isEqualTo("gangnam-lunch");
        assertThat(last.routingRuleSetVersion()).isEqualTo(2);
        assertThat(last.pickup().address()).isEqualTo("1 Teheran-ro, Gangnam-gu, Seoul");
        assertThat(last.createdAt()).isEqualTo(minute(0));
        assertThat(last.deliveredAt()).isEqualTo(minute(25));
        assertThat(last.toAssignmentMillis()).isEqualTo(2 * 60_000);
        assertThat(last.pickupWaitMillis()).isEqualTo(7 * 60_000);
        assertThat(last.toDeliveryMillis()).isEqualTo(15 * 60_000);
        assertThat(last.totalMillis()).isEqualTo(25 * 60_000);
        assertThat(last.lastSequence()).isEqualTo(5);
        assertThat(last.lastEventType()).isEqualTo("DeliveryDelivered");
        assertThat(last.lastEventId()).isEqualTo(delivery.id(5));
        assertThat(last.updatedAt()).isEqualTo(minute(25));
        assertThat(last.traceparent()).isEqualTo(TRACE);
        assertThat(last.schemaVersion()).isEqualTo(IntegratedDelivery.SCHEMA_VERSION);
        assertThat(step.published.get(1).totalMillis()).isNull();
        assertThat(step.journey).isNull();
        assertThat(step.memory).isEqualTo(new EndedDelivery(Outcome.DELIVERED, minute(25), 5, List.of()));
    }

    @Test
    void theOrderEventsArriveInDoesNotChangeTheEndResult() {
        DeliveryEvent[] life = delivery.wholeLife();
        Step inOrder = new Step();
        for (DeliveryEvent event : life) {
            inOrder.take(event);
        }
        // every order that keeps the final event last (the delivery ends with it)
        List<DeliveryEvent> shuffled = new ArrayList<>(List.of(life).subList(0, 4));
        Random random = new Random(7);
        for (int round = 0; round < 30; round++) {
            Collections.shuffle(shuffled, random);
            Step step = new Step();
            shuffled.forEach(step::take);
            step.take(life[4]);
            IntegratedDelivery last = step.last();
            assertThat(last).usingRecursiveComparison()
                    .ignoringFields("lastEventId", "lastEventType")
                    .isEqualTo(inOrder.last());
        }
    }

    @Test
    void aLateEventFillsItsFactsWithoutMovingTheStatusBack() {
        Step step = new Step();
        step.take(delivery.created(1, 0));
        step.take(delivery.pickupReady(3, 3));
        step.take(delivery.pickedUp(4, 10));
        assertThat(step.verdicts).containsExactly(Verdict.IN_ORDER, Verdict.GAP, Verdict.IN_ORDER);
        assertThat(step.last().riderAssignedAt()).isNull();
        assertThat(step.last().riderId()).isEqualTo("rider-7");

        step.take(delivery.assigned(2, 2));

        assertThat(step.verdicts.getLast()).isEqualTo(Verdict.LATE);
        assertThat(step.last().status()).isEqualTo(Status.PICKED_UP);
        assertThat(step.last().riderAssignedAt()).isEqualTo(minute(2));
        assertThat(step.last().toAssignmentMillis()).isEqualTo(2 * 60_000);
        assertThat(step.last().lastSequence()).isEqualTo(4);
        assertThat(step.last().updatedAt()).isEqualTo(minute(10));
        assertThat(step.last().lastEventType()).isEqualTo("RiderAssigned");
    }

    @Test
    void riderAssignmentAfterThePickupRequestKeepsThePickupReadyStatus() {
        Step step = new Step();
        step.take(delivery.created(1, 0));
        step.take(delivery.pickupReady(2, 1));
        step.take(delivery.assigned(3, 2));

        // as the delivery module does: once the shop asked for pick-up, that is the status, rider or not
        assertThat(step.last().status()).isEqualTo(Status.PICKUP_READY_REQUESTED);
    }

    @Test
    void duplicatesChangeNothing() {
        Step step = new Step();
        step.take(delivery.created(1, 0));
        step.take(delivery.assigned(2, 2));
        DeliveryJourney before = step.journey;

        Decision again = step.take(delivery.assigned(2, 2));

        assertThat(again).isEqualTo(new Dropped(Verdict.DUPLICATE, null));
        assertThat(step.journey).isEqualTo(before);
        assertThat(step.published).hasSize(2);
    }

    @Test
    void aCancellationEndsTheDeliveryWithItsReasonAndTotal() {
        Step step = new Step();
        step.take(delivery.created(1, 0));
        step.take(delivery.assigned(2, 2));
        Decision cancelled = step.take(delivery.cancelled(3, 4, DeliveryStatus.RIDER_ASSIGNED, "shop closed"));

        assertThat(cancelled).isInstanceOf(Ended.class);
        IntegratedDelivery last = step.last();
        assertThat(last.status()).isEqualTo(Status.CANCELLED);
        assertThat(last.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(last.cancelledIn()).isEqualTo("RIDER_ASSIGNED");
        assertThat(last.cancelReason()).isEqualTo("shop closed");
        assertThat(last.cancelledAt()).isEqualTo(minute(4));
        assertThat(last.totalMillis()).isEqualTo(4 * 60_000);
        assertThat(last.toDeliveryMillis()).isNull();
        assertThat(step.journey).isNull();
    }

    @Test
    void anIdleDeliveryExpiresAtItsDeadline() {
        Step step = new Step();
        step.take(delivery.created(1, 0));
        step.take(delivery.assigned(2, 2));
        Instant now = minute(2).plus(IDLE).plusSeconds(90);

        Ended expired = DeliveryIntegration.expire(step.journey, IDLE, now);

        IntegratedDelivery last = expired.finalRecord();
        assertThat(last.status()).isEqualTo(Status.EXPIRED);
        assertThat(last.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(last.expiredAt()).isEqualTo(minute(2).plus(IDLE));
        assertThat(last.totalMillis()).isEqualTo(Duration.ofMinutes(2).plus(IDLE).toMillis());
        assertThat(last.updatedAt()).isEqualTo(last.expiredAt());
        assertThat(last.lastSequence()).isEqualTo(2);
        assertThat(last.lastEventType()).isEqualTo("RiderAssigned");
        assertThat(last.traceparent()).isNull();
        assertThat(last.riderId()).isEqualTo("rider-7");
        assertThat(expired.memory()).isEqualTo(new EndedDelivery(Outcome.EXPIRED, now, 2, List.of()));
    }

    @Test
    void eventsOfAnEndedDeliveryAreDroppedAndCountedForWhatTheyAre() {
        Step step = new Step();
        step.take(delivery.created(1, 0));
        step.take(delivery.assigned(2, 2));
        step.take(delivery.pickedUp(4, 10));
        step.take(delivery.delivered(5, 25));
        assertThat(step.memory.missingSequences()).containsExactly(3L);
        int published = step.published.size();

        Decision duplicate = step.take(delivery.pickedUp(4, 10));
        Decision late = step.take(delivery.pickupReady(3, 3));
        Decision lateAgain = step.take(delivery.pickupReady(3, 3));
        Decision afterEnd = step.take(delivery.cancelled(6, 30, DeliveryStatus.DELIVERED, "?"));

        assertThat(List.of(duplicate.verdict(), late.verdict(), lateAgain.verdict(), afterEnd.verdict()))
                .containsExactly(Verdict.DUPLICATE, Verdict.LATE, Verdict.DUPLICATE, Verdict.AFTER_END);
        assertThat(step.published).hasSize(published);
        assertThat(step.journey).isNull();
        assertThat(step.memory.outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void anExpiredDeliveryIsNotRevivedByItsNextEvent() {
        Step step = new Step();
        step.take(delivery.created(1, 0));
        step.memory = DeliveryIntegration.expire(step.journey, IDLE, minute(0).plus(IDLE)).memory();
        step.journey = null;

        Decision next = step.take(delivery.assigned(2, 400));

        assertThat(next).isEqualTo(new Dropped(Verdict.AFTER_END, null));
        assertThat(step.journey).isNull();
    }

    @Test
    void theFirstEventSeenNeedNotBeTheCreation() {
        Step step = new Step();
        step.take(delivery.assigned(2, 2));

        assertThat(step.verdicts).containsExactly(Verdict.GAP);
        assertThat(step.last().status()).isEqualTo(Status.RIDER_ASSIGNED);
        assertThat(step.last().createdAt()).isNull();
        assertThat(step.last().orderService()).isNull();

        step.take(delivery.created(1, 0));

        assertThat(step.verdicts.getLast()).isEqualTo(Verdict.LATE);
        assertThat(step.last().orderService()).isEqualTo("baemin-orders");
        assertThat(step.last().toAssignmentMillis()).isEqualTo(2 * 60_000);
        assertThat(step.last().status()).isEqualTo(Status.RIDER_ASSIGNED);
    }
}
