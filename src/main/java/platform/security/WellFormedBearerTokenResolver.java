package platform.security;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Spring Security's {@link DefaultBearerTokenResolver} (token in the {@code Authorization} header only), with its
 * common case checked without a regular expression. Spring matches the header against
 * {@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$}, case-insensitively: over a token of ~600 characters that match
 * took 3.3 % of the whole JVM's CPU samples in a profile of a day-of-traffic run (docs/benchmarks.md, "Regular
 * expressions in the security chain"). A header that is well-formed by that grammar gives its token here, checked
 * character by character; every other header (none, another scheme, a malformed token) goes to Spring's resolver,
 * which answers it as it always has (nothing, or "Bearer token is malformed"). A unit test compares both on generated
 * headers.
 */
final class WellFormedBearerTokenResolver implements BearerTokenResolver {

    private static final String SCHEME = "Bearer ";

    private final BearerTokenResolver otherHeaders = new DefaultBearerTokenResolver();

    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && wellFormed(header)) {
            return header.substring(SCHEME.length());
        }
        return otherHeaders.resolve(request);
    }

    /** {@code Bearer } in any case, then one or more token characters, then any number of {@code =}. */
    static boolean wellFormed(String header) {
        int length = header.length();
        if (length <= SCHEME.length()) {
            return false;
        }
        for (int i = 0; i < SCHEME.length(); i++) {
            // ASCII case only, as the pattern's (CASE_INSENSITIVE without UNICODE_CASE)
            char expected = SCHEME.charAt(i);
            char actual = header.charAt(i);
            if (actual != expected && !(Character.isLetter(expected) && (actual | 0x20) == (expected | 0x20))) {
                return false;
            }
        }
        int i = SCHEME.length();
        while (i < length && tokenCharacter(header.charAt(i))) {
            i++;
        }
        if (i == SCHEME.length()) {
            return false;
        }
        while (i < length && header.charAt(i) == '=') {
            i++;
        }
        return i == length;
    }

    private static boolean tokenCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
