package analytics.adapter.in.web;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import analytics.application.port.in.InvalidRedriveRequestException;
import analytics.application.port.in.RedriveCommand;
import analytics.application.port.in.RedriveDeadLettersUseCase;
import analytics.application.port.in.RedriveRefusedException;
import analytics.application.port.in.RedriveReport;
import platform.web.Problems;

/** Operators re-drive the analytics step's dead letters after a fix ({@code POST}, so operators only). */
@RestController
@ConditionalOnBooleanProperty(name = "relay.analytics.enabled", matchIfMissing = true)
class DeadLetterRedriveController {

    static final String PATH = "/admin/analytics/dead-letters/redrive";

    private final RedriveDeadLettersUseCase redrive;

    DeadLetterRedriveController(RedriveDeadLettersUseCase redrive) {
        this.redrive = redrive;
    }

    @PostMapping(PATH)
    RedriveReport redrive(@RequestParam(required = false) @Nullable Integer limit) {
        return redrive.redrive(new RedriveCommand(limit));
    }

    @RestControllerAdvice(assignableTypes = DeadLetterRedriveController.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class RedriveProblems {

        @ExceptionHandler
        ProblemDetail refused(RedriveRefusedException e) {
            return Problems.of(HttpStatus.CONFLICT, "redrive-refused", "Re-drive refused", e.getMessage());
        }

        @ExceptionHandler
        ProblemDetail invalid(InvalidRedriveRequestException e) {
            return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
        }

        @ExceptionHandler
        ProblemDetail notANumber(MethodArgumentTypeMismatchException e) {
            return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                    "Parameter '" + e.getName() + "' must be a whole number");
        }
    }
}
