package delivery.application.port.in;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
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
        @NotBlank @Size(max = 64) @Pattern(regexp = Texts.VISIBLE, message = Texts.VISIBLE_MESSAGE) String orderId,
        @NotBlank @Size(max = 200) @Pattern(regexp = Texts.LINE, message = Texts.LINE_MESSAGE) String shopName,
        @NotNull @Valid PlaceInput pickup,
        @NotNull @Valid PlaceInput dropoff,
        @NotNull @StorableTime Instant requestedAt) {

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

    /**
     * Coordinates may come with any number of decimals (GPS clients send 8-15, e.g. {@code 37.461200000000005}
     * from a float); they are kept to {@value #COORDINATE_DECIMALS} decimals (about 11 cm), rounded half away from
     * zero, as MariaDB and MySQL round a {@code DECIMAL(9,6)}. The rounded value is what the answer, the event and
     * the database all hold, and what a repeated hand-over is compared with.
     */
    public record PlaceInput(
            @NotBlank @Size(max = 500) @Pattern(regexp = Texts.LINE, message = Texts.LINE_MESSAGE) String address,
            @NotNull @DecimalMin("-90") @DecimalMax("90") BigDecimal latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") BigDecimal longitude) {

        public static final int COORDINATE_DECIMALS = 6;

        Place toPlace() {
            return new Place(address, latitude.setScale(COORDINATE_DECIMALS, RoundingMode.HALF_UP),
                    longitude.setScale(COORDINATE_DECIMALS, RoundingMode.HALF_UP));
        }
    }
}
