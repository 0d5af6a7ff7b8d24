package delivery.application.port.in;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import delivery.domain.DeliveryId;

/** A delivery service reports that a rider accepted the delivery (배차완료). */
public record AssignRiderCommand(@NotNull DeliveryId deliveryId,
        @NotBlank @Size(max = 64) @Pattern(regexp = Texts.VISIBLE, message = Texts.VISIBLE_MESSAGE) String riderId,
        @NotNull @Valid ExpectedVersion expectedVersion) {

    public AssignRiderCommand {
        SelfValidating.validate(AssignRiderCommand.class, deliveryId, riderId, expectedVersion);
    }

}
