package analytics.adapter.in.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import analytics.application.port.in.IntakeGateUseCase;
import analytics.application.port.in.LiveStoresUnavailableException;
import platform.web.Problems;

/** Problem details of the live status, board and intake gate endpoints. */
@RestControllerAdvice(assignableTypes = { LiveStatusController.class, IntakeGateAdminController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class AnalyticsProblems {

    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(LiveStoresUnavailableException e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "analytics-unavailable",
                "Live stores unavailable", "The live stores cannot answer now: " + e.getMessage()
                        + ". Retry after the given time.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER,
                RETRY_AFTER_SECONDS).body(problem);
    }

    @ExceptionHandler
    ProblemDetail invalidOverride(IntakeGateUseCase.InvalidOverrideException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidAnalyticsRequestException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notInProgress(DeliveryNotInProgressException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "delivery-not-in-progress", "Delivery not in progress",
                e.getMessage());
    }

    static final class InvalidAnalyticsRequestException extends RuntimeException {
        InvalidAnalyticsRequestException(String message) {
            super(message);
        }
    }

    static final class DeliveryNotInProgressException extends RuntimeException {
        DeliveryNotInProgressException(String id) {
            super("Delivery " + id + " is not in progress: it finished, expired, or has not been seen by analytics "
                    + "(yet)");
        }
    }
}
