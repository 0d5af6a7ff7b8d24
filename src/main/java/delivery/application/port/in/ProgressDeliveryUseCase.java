package delivery.application.port.in;

import delivery.domain.Delivery;

/**
 * The changes in a delivery's life. Each commits the new state and its event together; repeating a change the
 * delivery has already made returns the current state and writes nothing.
 */
public interface ProgressDeliveryUseCase {

    Delivery.Snapshot assignRider(AssignRiderCommand command);

    Delivery.Snapshot requestPickupReady(DeliveryChangeCommand command);

    Delivery.Snapshot markPickedUp(DeliveryChangeCommand command);

    Delivery.Snapshot markDelivered(DeliveryChangeCommand command);

    Delivery.Snapshot cancel(CancelDeliveryCommand command);
}
