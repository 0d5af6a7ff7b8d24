package delivery.domain;

import delivery.DeliveryStatus;

/** The delivery cannot make this change from where it is, e.g. delivered before it was picked up. */
public class IllegalTransitionException extends RuntimeException {

    private final DeliveryId deliveryId;
    private final DeliveryStatus status;
    private final String change;

    public IllegalTransitionException(DeliveryId deliveryId, DeliveryStatus status, String change, String why) {
        super("Delivery " + deliveryId + " cannot " + change + " while " + status + ": " + why);
        this.deliveryId = deliveryId;
        this.status = status;
        this.change = change;
    }

    public DeliveryId deliveryId() {
        return deliveryId;
    }

    public DeliveryStatus status() {
        return status;
    }

    public String change() {
        return change;
    }
}
