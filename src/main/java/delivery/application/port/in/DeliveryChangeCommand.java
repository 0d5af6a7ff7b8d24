package delivery.application.port.in;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.jspecify.annotations.Nullable;

import delivery.domain.DeliveryId;

/**
 * A change that needs nothing but the delivery (pick-up requested, picked up, delivered).
 *
 * @param expectedVersion when given, the change applies only if the delivery is still at this version
 *                        (the caller's {@code If-Match}); otherwise the latest version is changed
 */
public record DeliveryChangeCommand(@NotNull DeliveryId deliveryId, @Nullable @Positive Long expectedVersion) {

    public DeliveryChangeCommand {
        SelfValidating.validate(DeliveryChangeCommand.class, deliveryId, expectedVersion);
    }
}
