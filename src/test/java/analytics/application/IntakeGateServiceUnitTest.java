package analytics.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import analytics.application.port.in.IntakeGateUseCase.Admission;
import analytics.application.port.in.IntakeGateUseCase.InvalidOverrideException;
import analytics.domain.LiveDeliveryLookup;
import analytics.application.port.in.LiveStoresUnavailableException;
import analytics.application.port.out.LiveStoresPort;
import analytics.domain.Alarm;
import analytics.domain.AlarmSnapshot;
import analytics.domain.GateOverride;
import analytics.domain.IntakeGateState;
import analytics.domain.Severity;
import platform.MutableClock;

/** The gate as one instance applies it, with in-memory ports. */
class IntakeGateServiceUnitTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    final FakeStores stores = new FakeStores();
    final List<GateOverride> published = new ArrayList<>();
    final MutableClock clock = new MutableClock(NOW);
    final IntakeGateService gate = new IntakeGateService(stores, published::add, defaults(), clock);

    static AlarmProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("relay.alarms",
                AlarmProperties.class);
    }

    @Test
    void aClosedGateRefusesEveryHandOverWithTheConfiguredRetryAfter() {
        stores.snapshot = new AlarmSnapshot(NOW, List.of(new Alarm("stuck-deliveries", "stuck-deliveries",
                Severity.CRITICAL, "25 stuck", 25, 20, 16, NOW, null)), Map.of(), Map.of(), 0, 0, 0, 0);
        assertThat(gate.refresh().decision()).isEqualTo(IntakeGateState.Decision.CLOSED);

        Admission refused = gate.admit("baemin-orders");
        assertThat(refused.verdict()).isEqualTo(Admission.Verdict.CLOSED);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(refused.reason()).contains("stuck-deliveries");
    }

    @Test
    void aShedOrderServiceGetsItsRateAndOthersPassFreely() {
        stores.snapshot = new AlarmSnapshot(NOW, List.of(new Alarm("order-service-surge:flood",
                "order-service-surge", Severity.SHED, "surge", 50, 15, 12, NOW, "flood")), Map.of(), Map.of(), 0, 0,
                0, 0);
        gate.refresh();
        int admitted = 0;
        for (int i = 0; i < 30; i++) {
            if (gate.admit("flood").verdict() == Admission.Verdict.ADMIT) {
                admitted++;
            }
            assertThat(gate.admit("calm").verdict()).isEqualTo(Admission.Verdict.ADMIT);
        }
        assertThat(admitted).as("one second's worth at 10/s").isEqualTo(10);
        assertThat(gate.admit("flood").verdict()).isEqualTo(Admission.Verdict.SHED);
        clock.advance(Duration.ofMillis(500));
        int afterHalfASecond = 0;
        while (gate.admit("flood").verdict() == Admission.Verdict.ADMIT) {
            afterHalfASecond++;
        }
        assertThat(afterHalfASecond).isEqualTo(5);
    }

    @Test
    void unreadableStoresOpenTheGate() {
        stores.unavailable = true;
        IntakeGateState state = gate.refresh();
        assertThat(state.decision()).isEqualTo(IntakeGateState.Decision.OPEN);
        assertThat(state.failOpen()).isTrue();
        assertThat(gate.admit("x").verdict()).isEqualTo(Admission.Verdict.ADMIT);
    }

    @Test
    void anOverrideIsPublishedWithWhoAndWhyAndBounded() {
        IntakeGateState forced = gate.override(GateOverride.Mode.CLOSED, Duration.ofMinutes(15), "kim",
                "payment provider down");
        assertThat(forced.decision()).isEqualTo(IntakeGateState.Decision.CLOSED);
        assertThat(published).singleElement().satisfies(override -> {
            assertThat(override.by()).isEqualTo("kim");
            assertThat(override.until()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
            assertThat(override.reason()).isEqualTo("payment provider down");
        });
        assertThatThrownBy(() -> gate.override(GateOverride.Mode.CLOSED, Duration.ofHours(5), "kim", "too long"))
                .isInstanceOf(InvalidOverrideException.class);
        assertThatThrownBy(() -> gate.override(GateOverride.Mode.OPEN, Duration.ofMinutes(5), "kim", " "))
                .isInstanceOf(InvalidOverrideException.class);
        assertThat(published).hasSize(1);
    }

    static final class FakeStores implements LiveStoresPort {
        @Nullable AlarmSnapshot snapshot;
        boolean unavailable;

        @Override
        public Map<String, Long> statusCounts() {
            return Map.of();
        }

        @Override
        public LiveDeliveryLookup delivery(UUID deliveryId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public @Nullable AlarmSnapshot alarmSnapshot() {
            if (unavailable) {
                throw new LiveStoresUnavailableException("restoring 5 record(s)");
            }
            return snapshot;
        }

        @Override
        public @Nullable GateOverride gateOverride() {
            return null;
        }

        @Override
        public String state() {
            return "RUNNING";
        }

        @Override
        public long restoringRecords() {
            return 0;
        }
    }
}
