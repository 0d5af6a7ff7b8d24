package delivery.application.port.in;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

import delivery.domain.DeliveryId;

/** The order was cancelled, so its delivery is too. */
public record CancelDeliveryCommand(@NotNull DeliveryId deliveryId,
        @Nullable @Size(max = 500) @Pattern(regexp = Texts.TEXT, message = Texts.TEXT_MESSAGE) String reason,
        @NotNull @Valid ExpectedVersion expectedVersion) {

    public CancelDeliveryCommand {
        SelfValidating.validate(CancelDeliveryCommand.class, deliveryId, reason, expectedVersion);
    }

}
