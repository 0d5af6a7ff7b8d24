package platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Remembers bearer tokens that passed the full check (signature, issuer, audience, time), by their exact text, so
 * that an order service sending the same token on every request pays the RSA signature check once per token and
 * not once per request (a JFR profile of the HTTP load put 5–7 % of the application's CPU in RSA verification).
 *
 * <p>Why by hand: Spring Security caches the issuer's key set (JWKS), not verified tokens. The key is the whole
 * token, signature included, so only the very bytes that were verified match; a token that failed is never
 * remembered. A remembered token is taken only between its {@code nbf} and its {@code exp}, with no clock skew;
 * outside that it goes back to the full check (which allows Spring's 60 s of skew). An entry lives at most
 * {@code maxAge}: a key withdrawn from the issuer's key set stops letting its tokens in within that time plus the
 * time Spring keeps the key set (5 minutes each by default).
 */
final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Cache<String, Jwt> verified;
    private final Clock clock;

    /**
     * @param clock  for {@code nbf} and {@code exp}, as the verifier reads them
     * @param ticker for the entries' age: {@link Ticker#systemTicker()}, which a wall-clock step cannot move
     */
    VerifiedTokenCache(JwtDecoder verifier, Duration maxAge, long maxTokens, Clock clock, Ticker ticker) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                .expireAfterWrite(maxAge)
                .ticker(ticker)
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null && withinValidity(known, clock.instant())) {
            return known;
        }
        Jwt checked = verifier.decode(token);
        verified.put(token, checked);
        return checked;
    }

    private static boolean withinValidity(Jwt jwt, Instant now) {
        @Nullable Instant expiresAt = jwt.getExpiresAt();
        @Nullable Instant notBefore = jwt.getNotBefore();
        return (expiresAt == null || now.isBefore(expiresAt)) && (notBefore == null || !now.isBefore(notBefore));
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
