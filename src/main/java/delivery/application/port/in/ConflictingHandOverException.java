package delivery.application.port.in;

import delivery.domain.DeliveryId;
import delivery.domain.OrderReference;

/** The same order was handed over again with different facts: a caller's bug, not a retry. */
public class ConflictingHandOverException extends RuntimeException {

    private final DeliveryId existing;

    public ConflictingHandOverException(OrderReference order, DeliveryId existing) {
        super("Order " + order.orderId() + " of " + order.orderService() + " was already handed over as delivery "
                + existing + " with different details");
        this.existing = existing;
    }

    public DeliveryId existing() {
        return existing;
    }
}
