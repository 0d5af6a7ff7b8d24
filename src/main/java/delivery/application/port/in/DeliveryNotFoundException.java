package delivery.application.port.in;

import delivery.domain.DeliveryId;

public class DeliveryNotFoundException extends RuntimeException {

    private final DeliveryId deliveryId;

    public DeliveryNotFoundException(DeliveryId deliveryId) {
        super("No delivery " + deliveryId);
        this.deliveryId = deliveryId;
    }

    public DeliveryId deliveryId() {
        return deliveryId;
    }
}
