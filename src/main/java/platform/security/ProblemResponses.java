package platform.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import platform.web.Problems;

/**
 * 401 and 403 as RFC 9457 problem details, like every other error of the API. These are written by the security
 * filters, before Spring MVC's exception handling is reached.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "delivery-relay";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof OAuth2AuthenticationException) {
            // RFC 6750: a rejected bearer token is answered with a Bearer challenge; the reason stays generic
            response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
            write(response, 401, "invalid-token", "Invalid bearer token",
                    "The bearer token is malformed, expired, not for this service or not signed by a trusted issuer.",
                    request);
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        write(response, 401, "unauthenticated", "Authentication required",
                "Send HTTP Basic credentials of a configured user, or a bearer token.", request);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, 403, "forbidden", "Forbidden",
                "Your user's roles do not allow " + request.getMethod() + " on this resource.", request);
    }

    private static void write(HttpServletResponse response, int status, String type, String title, String detail,
            HttpServletRequest request) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write("""
                {"type":"%s","title":"%s","status":%d,"detail":"%s","instance":"%s"}"""
                .formatted(Problems.TYPE_PREFIX + type, title, status, detail,
                        request.getRequestURI().replace("\"", ""))
                .getBytes(StandardCharsets.UTF_8));
    }
}
