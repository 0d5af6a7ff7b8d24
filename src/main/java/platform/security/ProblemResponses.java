package platform.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import platform.web.ProblemRenderer;
import platform.web.Problems;

/**
 * 401, 403 and the firewall's refusals as RFC 9457 problem details, like every other error of the API. These are
 * written by the security filters, before Spring MVC's exception handling is reached, through the same
 * {@link ProblemRenderer}.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    static final String REALM = "delivery-relay";

    private final ProblemRenderer problems;

    ProblemResponses(ProblemRenderer problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof OAuth2AuthenticationException) {
            // RFC 6750: a rejected bearer token is answered with a Bearer challenge; the reason stays generic
            response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
            problems.write(Problems.of(HttpStatus.UNAUTHORIZED, "invalid-token", "Invalid bearer token",
                    "The bearer token is malformed, expired, not for this service or not signed by a trusted issuer."),
                    request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        problems.write(Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                "Send HTTP Basic credentials of a configured user, or a bearer token."), request, response);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        problems.write(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "Your user's roles do not allow " + Problems.printable(request.getMethod()) + " on this resource."),
                request, response);
    }

    /**
     * Spring Security's firewall refuses paths that are not normalized or hide something ({@code ..}, {@code //},
     * {@code ;jsessionid=...}, encoded slashes or percent signs) before any other filter runs. The reason is not
     * echoed: it quotes the path.
     */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        problems.write(Problems.of(HttpStatus.BAD_REQUEST, "rejected-request", "Request rejected",
                "The request path or its headers are not in canonical form (for example '..', '//', ';' parameters "
                        + "or an encoded '/', '\\\\' or '%'); send the plain path."), request, response);
    }
}
