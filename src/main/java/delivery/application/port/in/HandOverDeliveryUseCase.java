package delivery.application.port.in;

import delivery.domain.Delivery;

public interface HandOverDeliveryUseCase {

    /**
     * Creates the delivery for an order, or returns the one already created for it (idempotent by order service
     * and order id).
     *
     * @throws ConflictingHandOverException if the order was handed over before with different facts
     */
    HandOverResult handOver(HandOverDeliveryCommand command);

    /** @param created false when the order had been handed over before and nothing was written */
    record HandOverResult(Delivery.Snapshot delivery, boolean created) {
    }
}
