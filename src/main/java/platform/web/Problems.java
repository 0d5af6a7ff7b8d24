package platform.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/** RFC 9457 problem details as every part of the API writes them: one type namespace, a title, a detail. */
public final class Problems {

    /** {@code type} of every problem this service reports, followed by the problem's name */
    public static final String TYPE_PREFIX = "urn:delivery-relay:problem:";

    private Problems() {
    }

    /** Where in a JSON body Jackson failed, as {@code ruleSet.rules[0].window}: what a caller needs to fix it. */
    public static String fieldPath(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    public static ProblemDetail of(HttpStatus status, String name, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + name));
        problem.setTitle(title);
        return problem;
    }
}
