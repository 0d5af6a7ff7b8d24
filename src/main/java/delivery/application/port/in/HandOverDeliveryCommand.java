package delivery.application.port.in;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import delivery.domain.HandOver;
import delivery.domain.OrderReference;
import delivery.domain.Place;

/** An order service hands an order over for delivery. */
public record HandOverDeliveryCommand(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "must be letters, digits, '.', '_' or '-'") String orderService,
        @NotBlank @Size(max = 64) String orderId,
        @NotBlank @Size(max = 200) String shopName,
        @NotNull @Valid PlaceInput pickup,
        @NotNull @Valid PlaceInput dropoff,
        @NotNull Instant requestedAt) {

    public HandOverDeliveryCommand {
        SelfValidating.validate(HandOverDeliveryCommand.class, orderService, orderId, shopName, pickup, dropoff,
                requestedAt);
        // the database keeps microseconds; compare repeated hand-overs at that precision
        requestedAt = requestedAt.truncatedTo(ChronoUnit.MICROS);
    }

    public HandOver toHandOver() {
        return new HandOver(new OrderReference(orderService, orderId), shopName, pickup.toPlace(), dropoff.toPlace(),
                requestedAt);
    }

    public record PlaceInput(
            @NotBlank @Size(max = 500) String address,
            @NotNull @DecimalMin("-90") @DecimalMax("90") @Digits(integer = 2, fraction = 6) BigDecimal latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") @Digits(integer = 3, fraction = 6) BigDecimal longitude) {

        Place toPlace() {
            return new Place(address, latitude, longitude);
        }
    }
}
