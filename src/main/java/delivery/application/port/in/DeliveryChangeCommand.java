package delivery.application.port.in;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import delivery.domain.DeliveryId;

/**
 * A change that needs nothing but the delivery (pick-up requested, picked up, delivered).
 *
 * @param expectedVersion the versions the delivery may be at for the change to apply (the caller's
 *                        {@code If-Match}); {@link ExpectedVersion#ANY}: the latest version is changed
 */
public record DeliveryChangeCommand(@NotNull DeliveryId deliveryId, @NotNull @Valid ExpectedVersion expectedVersion) {

    public DeliveryChangeCommand {
        SelfValidating.validate(DeliveryChangeCommand.class, deliveryId, expectedVersion);
    }

}
