package delivery.adapter.in.web;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import platform.web.OrderServiceIntake;

import delivery.application.port.in.HandOverDeliveryCommand;
import delivery.application.port.in.HandOverDeliveryCommand.PlaceInput;

/**
 * JSON bodies as callers send them. Every field is nullable here: the commands built from them decide what is
 * required and report all missing or invalid fields at once.
 */
final class DeliveryRequests {

    private DeliveryRequests() {
    }

    record HandOverRequest(@Nullable String orderService, @Nullable String orderId, @Nullable String shopName,
            @Nullable PlaceJson pickup, @Nullable PlaceJson dropoff, @Nullable Instant requestedAt)
            implements OrderServiceIntake {

        // missing fields go into the command as nulls on purpose: its constructor validates every component
        // (@NotNull, @NotBlank) and reports all missing fields in one 400, which a null check here would cut short
        @SuppressWarnings("NullAway")
        HandOverDeliveryCommand toCommand() {
            return new HandOverDeliveryCommand(orderService, orderId, shopName,
                    pickup == null ? null : pickup.toInput(), dropoff == null ? null : dropoff.toInput(), requestedAt);
        }
    }

    record PlaceJson(@Nullable String address, @Nullable BigDecimal latitude, @Nullable BigDecimal longitude) {

        // as above: the command's own validation reports a missing address or coordinate
        @SuppressWarnings("NullAway")
        PlaceInput toInput() {
            return new PlaceInput(address, latitude, longitude);
        }
    }

    record AssignRiderRequest(@Nullable String riderId) {
    }

    record CancelRequest(@Nullable String reason) {
    }
}
