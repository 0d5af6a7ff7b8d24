package delivery.application.port.in;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

import delivery.domain.DeliveryId;

/** A delivery service reports that a rider accepted the delivery (배차완료). */
public record AssignRiderCommand(@NotNull DeliveryId deliveryId, @NotBlank @Size(max = 64) String riderId,
        @Nullable @Positive Long expectedVersion) {

    public AssignRiderCommand {
        SelfValidating.validate(AssignRiderCommand.class, deliveryId, riderId, expectedVersion);
    }
}
