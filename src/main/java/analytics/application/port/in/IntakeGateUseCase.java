package analytics.application.port.in;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import analytics.domain.GateOverride;
import analytics.domain.IntakeGateState;

/** The intake gate: whether new hand-overs are taken, and an operator's way to force it. */
public interface IntakeGateUseCase {

    /** As this instance applies it now. */
    IntakeGateState current();

    /** Recomputes the gate from the alarm state and the override (every instance, every refresh interval). */
    IntakeGateState refresh();

    /** Whether one more hand-over (from {@code orderService}, if known) may come in now. */
    Admission admit(@Nullable String orderService);

    /**
     * Forces the gate open or closed for {@code duration} ({@link GateOverride.Mode#AUTO}: back to the alarms),
     * for every instance, recorded with who and why.
     */
    IntakeGateState override(GateOverride.Mode mode, Duration duration, String by, String reason);

    record Admission(Verdict verdict, Duration retryAfter, String reason) {
        public enum Verdict {
            ADMIT, CLOSED, SHED
        }
    }

    /** A refused override: too long, or without a reason. */
    class InvalidOverrideException extends RuntimeException {
        public InvalidOverrideException(String message) {
            super(message);
        }
    }
}
