package platform.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one place a {@link ProblemDetail} becomes bytes: controllers (through {@link ProblemDetailMessageConverter}),
 * servlet filters, the security chain and the error page all write problems here, with the application's JSON
 * mapper, so every value is escaped as JSON requires whoever answers.
 */
@Component
public class ProblemRenderer {

    private final JsonMapper json;

    public ProblemRenderer(JsonMapper json) {
        this.json = json;
    }

    public byte[] toJson(ProblemDetail problem) {
        return json.writeValueAsBytes(problem);
    }

    /** Writes the problem as the whole response, with the request's path as {@code instance} unless set. */
    public void write(ProblemDetail problem, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (problem.getInstance() == null) {
            problem.setInstance(instance(request));
        }
        byte[] body = toJson(problem);
        response.setStatus(problem.getStatus());
        // bytes, not getWriter(): the writer would append a charset to the problem+json media type
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** The request path as sent (still percent-encoded); quoted where it holds characters a URI may not. */
    static URI instance(HttpServletRequest request) {
        return pathUri(request.getRequestURI());
    }

    static URI pathUri(String path) {
        try {
            return new URI(path);
        } catch (URISyntaxException notAUri) {
            try {
                return new URI(null, null, path, null);
            } catch (URISyntaxException e) {
                return URI.create("about:blank");
            }
        }
    }
}
