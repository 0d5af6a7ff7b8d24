package delivery.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import delivery.application.port.in.AssignRiderCommand;
import delivery.application.port.in.ExpectedVersion;
import delivery.application.port.in.CancelDeliveryCommand;
import delivery.application.port.in.HandOverDeliveryCommand;
import delivery.application.port.in.HandOverDeliveryCommand.PlaceInput;
import delivery.application.port.in.InvalidCommandException;
import delivery.application.port.in.InvalidCommandException.Violation;
import delivery.domain.DeliveryId;

class CommandValidationUnitTest {

    @Test
    void everyBrokenConstraintOfAHandOverIsReportedByField() {
        var failure = catchThrowableOfType(InvalidCommandException.class, () -> new HandOverDeliveryCommand(
                "has space", "", "Shop", new PlaceInput("x", new BigDecimal("90.0000001"), new BigDecimal("181")),
                null, null));

        assertThat(failure.violations()).extracting(Violation::field).containsExactly("dropoff", "orderId",
                "orderService", "pickup.latitude", "pickup.longitude", "requestedAt");
    }

    @Test
    void aValidHandOverKeepsMicrosecondPrecision() {
        var command = new HandOverDeliveryCommand("baemin-orders", "A-1", "Shop",
                new PlaceInput("a", BigDecimal.ONE, BigDecimal.TEN), new PlaceInput("b", BigDecimal.ONE, BigDecimal.ONE),
                Instant.parse("2026-11-26T12:30:00.123456789Z"));

        assertThat(command.requestedAt()).isEqualTo(Instant.parse("2026-11-26T12:30:00.123456Z"));
    }

    @Test
    void changeCommandsCheckThemselvesToo() {
        assertThatThrownBy(() -> new AssignRiderCommand(DeliveryId.newId(), " ", ExpectedVersion.ANY))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("riderId");
        assertThatThrownBy(() -> new AssignRiderCommand(DeliveryId.newId(), "r", ExpectedVersion.of(0L)))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("expectedVersion");
        assertThatThrownBy(() -> new CancelDeliveryCommand(DeliveryId.newId(), "x".repeat(501), ExpectedVersion.ANY))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("reason");
    }
}
