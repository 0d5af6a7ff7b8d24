package platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import platform.MutableClock;

class VerifiedTokenCacheUnitTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    /** The issuer's check in memory: the tokens it knows, and every token it was asked to verify. */
    static final class CountingVerifier implements JwtDecoder {
        final Map<String, Jwt> valid = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public Jwt decode(String token) {
            asked.add(token);
            Jwt jwt = valid.get(token);
            if (jwt == null) {
                throw new BadJwtException("signature does not match");
            }
            return jwt;
        }
    }

    static Jwt jwt(String token, Instant notBefore, Instant expiresAt) {
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("order-service-1")
                .notBefore(notBefore).expiresAt(expiresAt).issuedAt(notBefore).build();
    }

    final MutableClock clock = new MutableClock(T0);
    final CountingVerifier verifier = new CountingVerifier();
    // the entries' age on the same test clock
    final VerifiedTokenCache cache = new VerifiedTokenCache(verifier, Duration.ofMinutes(5), 100, clock,
            () -> clock.millis() * 1_000_000L);

    @Test
    void aTokenVerifiedOnceIsTakenWithoutVerifyingAgain() {
        verifier.valid.put("a", jwt("a", T0.minusSeconds(10), T0.plus(Duration.ofHours(1))));

        Jwt first = cache.decode("a");
        Jwt second = cache.decode("a");

        assertThat(second).isSameAs(first);
        assertThat(verifier.asked).containsExactly("a");
    }

    @Test
    void aRefusedTokenIsNeverRememberedAndStaysRefused() {
        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(verifier.asked).containsExactly("forged", "forged");
        assertThat(cache.size()).isZero();
    }

    @Test
    void anExpiredTokenGoesBackToTheIssuersCheck() {
        verifier.valid.put("a", jwt("a", T0.minusSeconds(10), T0.plusSeconds(60)));
        cache.decode("a");
        clock.set(T0.plusSeconds(61));
        // the full check decides again (here it refuses; Spring's would still allow 60 s of skew)
        verifier.valid.remove("a");

        assertThatThrownBy(() -> cache.decode("a")).isInstanceOf(BadJwtException.class);
        assertThat(verifier.asked).containsExactly("a", "a");
    }

    @Test
    void aTokenNotYetValidIsCheckedAgainUntilItIs() {
        verifier.valid.put("a", jwt("a", T0.plusSeconds(30), T0.plus(Duration.ofHours(1))));
        cache.decode("a");
        cache.decode("a");
        clock.set(T0.plusSeconds(30));
        cache.decode("a");
        cache.decode("a");

        // asked again while it was not yet valid; once valid, taken as remembered
        assertThat(verifier.asked).containsExactly("a", "a");
    }

    @Test
    void anEntryIsVerifiedAgainAfterTheMaximumAgeSoAWithdrawnKeyStopsWorking() {
        verifier.valid.put("a", jwt("a", T0.minusSeconds(10), T0.plus(Duration.ofHours(1))));
        cache.decode("a");
        clock.set(T0.plus(Duration.ofMinutes(4)));
        cache.decode("a");
        assertThat(verifier.asked).hasSize(1);

        clock.set(T0.plus(Duration.ofMinutes(5)).plusSeconds(1));
        verifier.valid.remove("a");

        assertThatThrownBy(() -> cache.decode("a")).isInstanceOf(BadJwtException.class);
        assertThat(verifier.asked).hasSize(2);
    }

    @Test
    void onlyTheExactTokenTextMatches() {
        verifier.valid.put("a", jwt("a", T0.minusSeconds(10), T0.plus(Duration.ofHours(1))));
        cache.decode("a");

        assertThatThrownBy(() -> cache.decode("a ")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("A")).isInstanceOf(BadJwtException.class);
    }
}
