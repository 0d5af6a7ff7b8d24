package delivery.adapter.in.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import platform.web.Problems;

import delivery.application.port.in.ConcurrentDeliveryUpdateException;
import delivery.application.port.in.ConflictingHandOverException;
import delivery.application.port.in.DeliveryNotFoundException;
import delivery.application.port.in.InvalidCommandException;
import delivery.domain.IllegalTransitionException;

/** RFC 9457 problem details for the delivery API's own failures. */
@RestControllerAdvice(assignableTypes = DeliveryController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DeliveryProblems {


    @ExceptionHandler
    ProblemDetail invalid(InvalidCommandException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request has " + e.violations().size() + " invalid field(s).");
        problem.setProperty("errors", e.violations());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(DeliveryNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "delivery-not-found", "Delivery not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "illegal-transition", "Illegal transition",
                e.getMessage());
        problem.setProperty("deliveryId", e.deliveryId().value());
        problem.setProperty("deliveryStatus", e.status());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail concurrentUpdate(ConcurrentDeliveryUpdateException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "concurrent-update", "Concurrent update",
                e.getMessage() + ". Read the delivery again and retry.");
        problem.setProperty("deliveryId", e.deliveryId().value());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail conflictingHandOver(ConflictingHandOverException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "conflicting-hand-over", "Order already handed over",
                e.getMessage());
        problem.setProperty("existingDeliveryId", e.existing().value());
        return problem;
    }
}
