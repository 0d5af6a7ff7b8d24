package routing.adapter.in.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import platform.web.Problems;

import routing.application.port.in.RuleSetVersionMismatchException;
import routing.application.port.in.RuleSetVersionNotFoundException;
import routing.domain.InvalidRuleSetException;

/** RFC 9457 problem details for the routing admin API. */
@RestControllerAdvice(assignableTypes = RoutingAdminController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RoutingProblems {


    @ExceptionHandler
    ProblemDetail invalidRuleSet(InvalidRuleSetException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-rule-set", "Invalid rule set",
                "The rule set has " + e.violations().size() + " problem(s); nothing was saved.");
        problem.setProperty("violations", e.violations());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail versionMismatch(RuleSetVersionMismatchException e) {
        ProblemDetail problem = Problems.of(HttpStatus.PRECONDITION_FAILED, "rule-set-version-mismatch",
                "Rule set changed since it was read", e.getMessage());
        problem.setProperty("latestVersion", e.latest());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail ifMatchRequired(IfMatchRequiredException e) {
        return Problems.of(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notFound(RuleSetVersionNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "rule-set-version-not-found", "Rule set version not found",
                e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail badRequest(InvalidAdminRequestException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }
}
