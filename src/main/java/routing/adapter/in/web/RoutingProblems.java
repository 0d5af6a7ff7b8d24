package routing.adapter.in.web;

import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import routing.adapter.in.web.RuleSetETags.IfMatchRequiredException;
import routing.adapter.in.web.RuleSetETags.MalformedIfMatchException;
import routing.application.port.in.RuleSetVersionMismatchException;
import routing.application.port.in.RuleSetVersionNotFoundException;
import routing.domain.InvalidRuleSetException;

/** RFC 9457 problem details for the routing admin API. */
@RestControllerAdvice(assignableTypes = RoutingAdminController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RoutingProblems {

    private static final String TYPE_PREFIX = "urn:delivery-relay:problem:";

    @ExceptionHandler
    ProblemDetail invalidRuleSet(InvalidRuleSetException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-rule-set", "Invalid rule set",
                "The rule set has " + e.violations().size() + " problem(s); nothing was saved.");
        problem.setProperty("violations", e.violations());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail versionMismatch(RuleSetVersionMismatchException e) {
        ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, "rule-set-version-mismatch",
                "Rule set changed since it was read", e.getMessage());
        problem.setProperty("latestVersion", e.latest());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail ifMatchRequired(IfMatchRequiredException e) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail malformedIfMatch(MalformedIfMatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "malformed-if-match", "Malformed If-Match", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notFound(RuleSetVersionNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "rule-set-version-not-found", "Rule set version not found",
                e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail weakIfMatch(RuleSetETags.WeakIfMatchException e) {
        return problem(HttpStatus.PRECONDITION_FAILED, "rule-set-version-mismatch",
                "Rule set changed since it was read", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail badRequest(InvalidAdminRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        problem.setTitle(title);
        return problem;
    }
}
