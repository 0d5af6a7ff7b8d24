package delivery.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import delivery.application.port.in.AssignRiderCommand;
import delivery.application.port.in.DeliveryChangeCommand;
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

    @ParameterizedTest
    @ValueSource(strings = { "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "1582-10-10T00:00:00Z",
            "0999-12-31T23:59:59Z", "1969-12-31T23:59:59.999999Z", "+10000-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z" })
    void aRequestedTimeTheDatabaseCannotStoreExactlyIsRefused(String requestedAt) {
        var failure = catchThrowableOfType(InvalidCommandException.class, () -> handOver("A-1",
                Instant.parse(requestedAt)));

        assertThat(failure.violations()).extracting(Violation::field).containsExactly("requestedAt");
        assertThat(failure.violations().getFirst().message()).contains("1970-01-01T00:00:00Z")
                .contains("9999-12-31T23:59:59.999999Z");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z" })
    void theEndsOfTheDocumentedRangeAreAccepted(String requestedAt) {
        assertThat(handOver("A-1", Instant.parse(requestedAt)).requestedAt()).isEqualTo(Instant.parse(requestedAt));
    }

    @ParameterizedTest
    @ValueSource(strings = { "A\u0000-1", "A-1\n", "A\u200b-1", "A\u202e-1", "\u0085A" })
    void idsWithInvisibleCharactersAreRefused(String orderId) {
        var failure = catchThrowableOfType(InvalidCommandException.class, () -> handOver(orderId,
                Instant.parse("2026-11-26T12:30:00Z")));

        assertThat(failure.violations()).extracting(Violation::field).containsExactly("orderId");
        assertThatThrownBy(() -> new AssignRiderCommand(DeliveryId.newId(), orderId, ExpectedVersion.ANY))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("riderId");
    }

    @Test
    void idsAreKeptExactlyAsSent() {
        for (String orderId : List.of("Ab-1", "ab-1", "TS-1 ", " TS-1", "ß-1", "e\u0301", "주문-1", "🍕-1")) {
            assertThat(handOver(orderId, Instant.parse("2026-11-26T12:30:00Z")).orderId()).isEqualTo(orderId);
        }
    }

    @Test
    void coordinatesAreRoundedHalfAwayFromZeroToSixDecimals() {
        var command = new HandOverDeliveryCommand("baemin-orders", "A-1", "Shop",
                new PlaceInput("a", new BigDecimal("37.461200000000005"), new BigDecimal("-127.0000005")),
                new PlaceInput("b", new BigDecimal("37.4612345"), new BigDecimal("127.12345649999")),
                Instant.parse("2026-11-26T12:30:00Z"));

        var handOver = command.toHandOver();
        assertThat(handOver.pickup().latitude()).isEqualByComparingTo("37.4612");
        assertThat(handOver.pickup().longitude()).isEqualByComparingTo("-127.000001");
        assertThat(handOver.dropoff().latitude()).isEqualByComparingTo("37.461235");
        assertThat(handOver.dropoff().longitude()).isEqualByComparingTo("127.123456");
    }

    @Test
    void aVersionConditionNeedsPositiveVersions() {
        assertThatThrownBy(() -> new DeliveryChangeCommand(DeliveryId.newId(), ExpectedVersion.oneOf(Set.of(-3L))))
                .isInstanceOf(InvalidCommandException.class).hasMessageContaining("expectedVersion");
    }

    private static HandOverDeliveryCommand handOver(String orderId, Instant requestedAt) {
        return new HandOverDeliveryCommand("baemin-orders", orderId, "Shop",
                new PlaceInput("a", BigDecimal.ONE, BigDecimal.TEN), new PlaceInput("b", BigDecimal.ONE, BigDecimal.ONE),
                requestedAt);
    }
}
