package analytics.adapter.in.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import analytics.application.port.in.ArchiveQueryException;
import platform.web.Problems;

/** RFC 9457 problem details for the archive API. */
@RestControllerAdvice(assignableTypes = ArchiveAdminController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ArchiveProblems {

    @ExceptionHandler
    ProblemDetail query(ArchiveQueryException e) {
        String detail = e.getMessage() == null ? e.reason().name() : e.getMessage();
        return switch (e.reason()) {
            case INVALID -> Problems.of(HttpStatus.BAD_REQUEST, "invalid-archive-query", "Invalid archive query",
                    detail);
            case REFUSED -> Problems.of(HttpStatus.FORBIDDEN, "archive-query-refused", "Archive query refused",
                    detail);
            case TOO_EXPENSIVE -> Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "archive-query-too-expensive",
                    "Archive query over its limits", detail
                            + " — narrow the query (a time range on dt, fewer columns) and run it again");
        };
    }

    @ExceptionHandler
    ProblemDetail badRequest(InvalidArchiveRequestException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }
}
