package delivery;

import org.springframework.modulith.NamedInterface;

/**
 * Where a delivery is in its life. Rider assignment and the pick-up-ready request may happen in either order;
 * once the shop has asked for pick-up the status says so whether or not a rider is already assigned.
 */
@NamedInterface("events")
public enum DeliveryStatus {
    CREATED, RIDER_ASSIGNED, PICKUP_READY_REQUESTED, PICKED_UP, DELIVERED, CANCELLED;

    public boolean isTerminal() {
        return this == DELIVERED || this == CANCELLED;
    }
}
