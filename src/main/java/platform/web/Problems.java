package platform.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details as every part of the API writes them: one type namespace, a title, a detail. */
public final class Problems {

    /** {@code type} of every problem this service reports, followed by the problem's name */
    public static final String TYPE_PREFIX = "urn:delivery-relay:problem:";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String name, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + name));
        problem.setTitle(title);
        return problem;
    }
}
