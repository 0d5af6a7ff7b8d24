package platform.security;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import platform.web.ProblemRenderer;
import platform.web.Problems;

/**
 * Browsers now hold operators' credentials (the live board; HTTP Basic is cached per origin), so a page on another
 * site could make an operator's browser send changes with them. Browsers name the page's origin in {@code Origin}
 * (and {@code Sec-Fetch-Site}) on every cross-site state-changing request; such a request is refused with 403
 * before authentication unless its origin is this service's own or one configured in
 * {@code relay.security.allowed-origins}. API clients (order services, curl) send no {@code Origin} and are not
 * affected: this is the check OWASP recommends for stateless APIs in place of CSRF tokens, which need a session.
 */
final class SameOriginWritesFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final Set<String> allowedOrigins;
    private final ProblemRenderer problems;

    SameOriginWritesFilter(Set<String> allowedOrigins, ProblemRenderer problems) {
        this.allowedOrigins = allowedOrigins;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod()) || allowed(request)) {
            chain.doFilter(request, response);
            return;
        }
        problems.write(Problems.of(HttpStatus.FORBIDDEN, "cross-origin-request", "Cross-origin request refused",
                "A " + Problems.printable(request.getMethod()) + " from another site's page is not accepted; call the "
                        + "API directly or from this service's own pages."), request, response);
    }

    private boolean allowed(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            // no Origin: not a browser's cross-origin request, unless Fetch Metadata says it came from another site
            return !"cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"));
        }
        String normalized = normalize(origin);
        return normalized != null && (normalized.equals(normalize(ownOrigin(request)))
                || allowedOrigins.contains(normalized));
    }

    private static String ownOrigin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return request.getScheme() + "://" + (host == null ? request.getServerName() + ":" + request.getServerPort()
                : host);
    }

    /** scheme://host:port in lower case with the default port made explicit; null for "null" or junk */
    static @Nullable String normalize(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
