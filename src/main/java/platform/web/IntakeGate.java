package platform.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Whether the service takes one more hand-over now. The HTTP side ({@link IntakeGateInterceptor},
 * {@link IntakeGateBodyAdvice}) lives here, in shared plumbing, so that the module that takes hand-overs only marks
 * its endpoint ({@link IntakeGated}) and the module that decides (analytics) only implements this interface:
 * neither depends on the other. Without an implementation every hand-over is admitted.
 */
public interface IntakeGate {

    /** @param orderService who hands over, once known (the body has been read); null before that */
    Decision admit(@Nullable String orderService);

    record Decision(Verdict verdict, Duration retryAfter, String reason) {

        public static final Decision ADMIT = new Decision(Verdict.ADMIT, Duration.ZERO, "open");

        public enum Verdict {
            /** take it */
            ADMIT,
            /** 503: nothing new is taken until the gate opens */
            CLOSED,
            /** 429: this order service sends more than it may now */
            SHED
        }
    }
}
