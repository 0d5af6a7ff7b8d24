package delivery.application.port.in;

import delivery.domain.DeliveryId;

/** The delivery changed between reading and writing it (optimistic lock), or is not at the version the caller expected. */
public class ConcurrentDeliveryUpdateException extends RuntimeException {

    private final DeliveryId deliveryId;

    public ConcurrentDeliveryUpdateException(DeliveryId deliveryId, String detail) {
        super("Delivery " + deliveryId + " was changed concurrently: " + detail);
        this.deliveryId = deliveryId;
    }

    public DeliveryId deliveryId() {
        return deliveryId;
    }
}
