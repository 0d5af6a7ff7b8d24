package platform.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Spring Boot's {@code /error} endpoint. Errors the servlet container reports after Spring MVC could not
 * answer them (an exception thrown by a filter, a request the container refused) become problem details like every
 * other error; called directly, {@code /error} is what it should be to a client: a path that does not exist.
 */
@Hidden // the container's error page, not part of the API
@Controller
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ProblemRenderer problems;

    ProblemErrorController(ProblemRenderer problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            problems.write(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not Found",
                    "There is no endpoint at this path; see the OpenAPI document at /v3/api-docs."), request, response);
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status = HttpStatusCode.valueOf(code instanceof Integer value ? value : 500);
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemDetail problem;
        if (status.is5xxServerError()) {
            log.error("{} {} failed outside Spring MVC", request.getMethod(),
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    failure instanceof Throwable t ? t : null);
            problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                    "The request could not be completed. If it was a change, it may have been applied: read the "
                            + "resource to see, or retry (repeated changes are safe).");
            problem.setStatus(status.value());
        } else {
            HttpStatus known = HttpStatus.resolve(status.value());
            String title = known == null ? "HTTP " + status.value() : known.getReasonPhrase();
            problem = ProblemDetail.forStatusAndDetail(status, "The request was refused: " + title + ".");
            problem.setType(java.net.URI.create(Problems.TYPE_PREFIX + GlobalProblems.byStatus(status)));
            problem.setTitle(title);
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            problem.setInstance(ProblemRenderer.pathUri(path));
        }
        problems.write(problem, request, response);
    }
}
