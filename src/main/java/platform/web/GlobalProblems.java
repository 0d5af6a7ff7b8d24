package platform.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import platform.persistence.CommitOutcomeUnknownException;
import platform.persistence.RolledBack;
import tools.jackson.core.JacksonException;

/**
 * Problem details (RFC 9457) for everything no module handles itself: Spring MVC's own errors (unknown path, wrong
 * method, media types, unreadable JSON, bad parameters), oversized bodies, a malformed {@code If-Match}, and a
 * last resort that logs the cause without showing it and says truthfully what became of the request: "nothing was
 * changed" only when that is known.
 */
@RestControllerAdvice
class GlobalProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GlobalProblems.class);
    private static final String HANDLED = GlobalProblems.class.getName() + ".exception";

    /** the problem name of each of Spring MVC's own errors; anything else is named by its status */
    private static final Map<Class<? extends Exception>, String> MVC_PROBLEMS = Map.of(
            NoResourceFoundException.class, "not-found",
            NoHandlerFoundException.class, "not-found",
            HttpRequestMethodNotSupportedException.class, "method-not-allowed",
            HttpMediaTypeNotSupportedException.class, "unsupported-media-type",
            HttpMediaTypeNotAcceptableException.class, "not-acceptable");

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimitFilter.BodyTooLargeException tooLarge) {
                ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                        "Request body too large", tooLarge.getMessage());
                return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request body",
                readableReason(ex));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "another type" : describe(ex.getRequiredType());
        return handleExceptionInternal(ex, invalidParameter(name, "must be " + expected), headers,
                HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return handleExceptionInternal(ex, invalidParameter(ex.getParameterName(), "is required"), headers,
                HttpStatus.BAD_REQUEST, request);
    }

    /** Names the problem type of every error Spring MVC answers itself, so that none is {@code about:blank}. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && isBlank(problem.getType())) {
            Exception ex = (Exception) request.getAttribute(HANDLED, WebRequest.SCOPE_REQUEST);
            String name = ex == null ? byStatus(statusCode) : MVC_PROBLEMS.getOrDefault(ex.getClass(),
                    byStatus(statusCode));
            problem.setType(URI.create(Problems.TYPE_PREFIX + name));
            if (name.equals("not-found")) {
                // Spring says "No static resource <path>.": there are no static resources here, only the API
                problem.setDetail("There is no endpoint at this path; see the OpenAPI document at /v3/api-docs.");
            }
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        request.setAttribute(HANDLED, ex, WebRequest.SCOPE_REQUEST);
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    @ExceptionHandler
    ProblemDetail malformedIfMatch(IfMatch.MalformedIfMatchException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "malformed-if-match", "Malformed If-Match", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail missingHeader(MissingRequestHeaderException e) {
        return invalidParameter(e.getHeaderName(), "header is required");
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        HttpStatus status = unavailable(e) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR;
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        if (e instanceof CommitOutcomeUnknownException || !nothingChanged(e, request)) {
            return Problems.of(status, "outcome-unknown", "Outcome unknown",
                    "The request failed while its change was being committed; it may have been applied. Retrying "
                            + "is safe: a repeated change answers with the current state. Read the resource to see "
                            + "which happened.");
        }
        return Problems.of(status, status == HttpStatus.SERVICE_UNAVAILABLE ? "unavailable" : "internal-error",
                status == HttpStatus.SERVICE_UNAVAILABLE ? "Service unavailable" : "Internal error",
                "The request could not be completed and nothing was changed. It is safe to retry.");
    }

    /** Known to have changed nothing: a read, no connection to begin with, or a transaction that was rolled back. */
    private static boolean nothingChanged(Exception e, HttpServletRequest request) {
        HttpMethod method = HttpMethod.valueOf(request.getMethod());
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || e instanceof CannotGetJdbcConnectionException || e instanceof CannotCreateTransactionException
                || RolledBack.isMarked(e);
    }

    private static boolean unavailable(Exception e) {
        return e instanceof CommitOutcomeUnknownException || e instanceof CannotGetJdbcConnectionException
                || e instanceof CannotCreateTransactionException || e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessException;
    }

    static ProblemDetail invalidParameter(String name, String message) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request has 1 invalid field(s).");
        problem.setProperty("errors", List.of(Map.of("field", name, "message", message)));
        return problem;
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        return "a " + type.getSimpleName();
    }

    private static boolean isBlank(@Nullable URI type) {
        return type == null || type.toString().equals("about:blank");
    }

    static String byStatus(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value()
                : known.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static String readableReason(HttpMessageNotReadableException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
                return "Field '" + Problems.printable(Problems.fieldPath(jackson))
                        + "' has a value of the wrong type or format.";
            }
        }
        return ex.getCause() == null ? "The request body is missing." : "The request body is not valid JSON.";
    }
}
