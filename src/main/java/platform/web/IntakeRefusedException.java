package platform.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A hand-over the intake gate refused: 503 while it is closed, 429 while its order service is shed; both with
 * {@code Retry-After}. Rendered by Spring MVC's problem-detail handling like every other error.
 */
public class IntakeRefusedException extends ErrorResponseException {

    public IntakeRefusedException(IntakeGate.Decision decision) {
        super(status(decision), Problems.of(status(decision),
                decision.verdict() == IntakeGate.Decision.Verdict.SHED ? "intake-shed" : "intake-closed",
                decision.verdict() == IntakeGate.Decision.Verdict.SHED ? "Too many hand-overs from this order service"
                        : "Intake closed",
                (decision.verdict() == IntakeGate.Decision.Verdict.SHED
                        ? "Hand-overs from this order service are shed for now; retry after the given time. "
                        : "New deliveries are not taken for now; deliveries already handed over can still be "
                                + "progressed. Retry after the given time. ")
                        + "Gate: " + decision.reason()), null);
        long seconds = Math.max(1, decision.retryAfter().toSeconds());
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        getBody().setProperty("retryAfterSeconds", seconds);
    }

    private static HttpStatus status(IntakeGate.Decision decision) {
        return decision.verdict() == IntakeGate.Decision.Verdict.SHED ? HttpStatus.TOO_MANY_REQUESTS
                : HttpStatus.SERVICE_UNAVAILABLE;
    }
}
