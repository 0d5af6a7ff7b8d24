package analytics.domain;

import java.time.Instant;

/**
 * An operator's decision about the intake gate, kept until {@code until}: force it {@link Mode#OPEN} or
 * {@link Mode#CLOSED} whatever the alarms say, or hand it back to them ({@link Mode#AUTO}).
 */
public record GateOverride(Mode mode, Instant until, String by, String reason, Instant at) {

    public enum Mode {
        OPEN, CLOSED, AUTO
    }

    public boolean activeAt(Instant now) {
        return mode != Mode.AUTO && now.isBefore(until);
    }
}
