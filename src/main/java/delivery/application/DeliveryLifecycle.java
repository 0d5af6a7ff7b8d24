package delivery.application;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import delivery.DeliveryEvent;
import delivery.DeliveryStatus;
import delivery.application.port.in.AssignRiderCommand;
import delivery.application.port.in.CancelDeliveryCommand;
import delivery.application.port.in.ConcurrentDeliveryUpdateException;
import delivery.application.port.in.ConflictingHandOverException;
import delivery.application.port.in.DeliveryChangeCommand;
import delivery.application.port.in.DeliveryNotFoundException;
import delivery.application.port.in.ExpectedVersion;
import delivery.application.port.in.FindDeliveriesQuery;
import delivery.application.port.in.HandOverDeliveryCommand;
import delivery.application.port.in.HandOverDeliveryUseCase;
import delivery.application.port.in.ProgressDeliveryUseCase;
import delivery.application.port.out.LoadDeliveryPort;
import delivery.application.port.out.PublishDeliveryEventPort;
import delivery.application.port.out.RouteDeliveryPort;
import delivery.application.port.out.SaveDeliveryPort;
import delivery.application.port.out.SaveDeliveryPort.OrderAlreadyHandedOverException;
import delivery.application.port.out.SaveDeliveryPort.StaleDeliveryException;
import delivery.domain.Delivery;
import delivery.domain.DeliveryId;
import delivery.domain.HandOver;
import delivery.domain.ServiceAssignment;

/**
 * Runs every change of a delivery as one transaction: load, apply the domain rule, write the row with an
 * optimistic version check, publish the event (which the outbox writes in the same transaction).
 *
 * <p>Transactions are explicit ({@link TransactionOperations}) rather than {@code @Transactional} because a lost
 * optimistic race is retried in a fresh transaction: rider assignment and the pick-up-ready request often arrive
 * within the same millisecond, and both are legal whichever commits first, so the loser is re-applied to the
 * winner's state instead of being bounced to the caller. A caller who pinned a version with {@code If-Match} is
 * never retried for: the delivery is not at the version they saw.
 */
@Service
class DeliveryLifecycle implements HandOverDeliveryUseCase, ProgressDeliveryUseCase, FindDeliveriesQuery {

    static final int MAX_ATTEMPTS = 5;

    private final LoadDeliveryPort deliveries;
    private final SaveDeliveryPort store;
    private final PublishDeliveryEventPort events;
    private final RouteDeliveryPort routing;
    private final TransactionOperations transactions;
    private final Clock clock;

    DeliveryLifecycle(LoadDeliveryPort deliveries, SaveDeliveryPort store, PublishDeliveryEventPort events,
            RouteDeliveryPort routing, TransactionOperations transactions, Clock clock) {
        this.deliveries = deliveries;
        this.store = store;
        this.events = events;
        this.routing = routing;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public HandOverResult handOver(HandOverDeliveryCommand command) {
        HandOver handOver = command.toHandOver();
        Optional<Delivery> existing = deliveries.loadByOrder(handOver.order());
        if (existing.isPresent()) {
            return repeated(existing.get(), handOver);
        }
        try {
            DeliveryId id = DeliveryId.newId();
            Instant now = now();
            // routing answers from memory, so it is asked before the transaction opens
            ServiceAssignment assignment = routing.route(id, handOver, now);
            Delivery created = transactions.execute(tx -> {
                Delivery.Created result = Delivery.handOver(id, handOver, assignment, now);
                store.insert(result.delivery());
                events.publish(result.event());
                return result.delivery();
            });
            return new HandOverResult(created.snapshot(), true);
        } catch (OrderAlreadyHandedOverException raced) {
            // a concurrent hand-over of the same order committed first; ours rolled back whole
            return repeated(deliveries.loadByOrder(handOver.order()).orElseThrow(() -> raced), handOver);
        }
    }

    @Override
    public Delivery.Snapshot assignRider(AssignRiderCommand command) {
        return change(command.deliveryId(), command.expectedVersion(),
                (delivery, now) -> delivery.assignRider(command.riderId(), now));
    }

    @Override
    public Delivery.Snapshot requestPickupReady(DeliveryChangeCommand command) {
        return change(command.deliveryId(), command.expectedVersion(), Delivery::requestPickupReady);
    }

    @Override
    public Delivery.Snapshot markPickedUp(DeliveryChangeCommand command) {
        return change(command.deliveryId(), command.expectedVersion(), Delivery::markPickedUp);
    }

    @Override
    public Delivery.Snapshot markDelivered(DeliveryChangeCommand command) {
        return change(command.deliveryId(), command.expectedVersion(), Delivery::markDelivered);
    }

    @Override
    public Delivery.Snapshot cancel(CancelDeliveryCommand command) {
        return change(command.deliveryId(), command.expectedVersion(),
                (delivery, now) -> delivery.cancel(command.reason(), now));
    }

    @Override
    public Delivery.Snapshot get(DeliveryId id) {
        return deliveries.load(id).orElseThrow(() -> new DeliveryNotFoundException(id)).snapshot();
    }

    @Override
    public Page byStatus(DeliveryStatus status, int page, int size) {
        List<Delivery> found = deliveries.loadByStatus(status, (long) page * size, size + 1);
        boolean hasNext = found.size() > size;
        return new Page(found.stream().limit(size).map(Delivery::snapshot).toList(), page, size, hasNext);
    }

    private Delivery.Snapshot change(DeliveryId id, ExpectedVersion expectedVersion,
            BiFunction<Delivery, Instant, Optional<DeliveryEvent>> change) {
        for (int attempt = 1;; attempt++) {
            try {
                return transactions.execute(tx -> {
                    Delivery delivery = deliveries.load(id).orElseThrow(() -> new DeliveryNotFoundException(id));
                    long readVersion = delivery.version();
                    if (!expectedVersion.admits(readVersion)) {
                        throw new ConcurrentDeliveryUpdateException(id,
                                "expected " + expectedVersion + " but it is at " + readVersion);
                    }
                    Optional<DeliveryEvent> event = change.apply(delivery, now());
                    if (event.isPresent()) {
                        store.update(delivery, readVersion);
                        events.publish(event.get());
                    }
                    return delivery.snapshot();
                });
            } catch (StaleDeliveryException lost) {
                if (!expectedVersion.any() || attempt >= MAX_ATTEMPTS) {
                    throw new ConcurrentDeliveryUpdateException(id,
                            Objects.requireNonNullElse(lost.getMessage(), "the row changed"));
                }
            }
        }
    }

    private HandOverResult repeated(Delivery existing, HandOver handOver) {
        if (!existing.wasHandedOverAs(handOver)) {
            throw new ConflictingHandOverException(handOver.order(), existing.id());
        }
        return new HandOverResult(existing.snapshot(), false);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
