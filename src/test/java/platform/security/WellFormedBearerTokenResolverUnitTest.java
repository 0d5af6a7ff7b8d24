package platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The resolver answers every Authorization header as Spring Security's default resolver does. */
class WellFormedBearerTokenResolverUnitTest {

    final BearerTokenResolver ours = new WellFormedBearerTokenResolver();
    final BearerTokenResolver spring = new DefaultBearerTokenResolver();

    /** The token, or the error Spring's OAuth2 exception carries, or "none". */
    static String outcome(BearerTokenResolver resolver, @Nullable String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/deliveries");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        try {
            String token = resolver.resolve(request);
            return token == null ? "none" : "token:" + token;
        } catch (OAuth2AuthenticationException refused) {
            return "refused:" + refused.getError().getErrorCode() + ":" + refused.getError().getDescription();
        }
    }

    /**
     * Same answer as Spring's, and the fast path taken exactly for the headers Spring takes a token from (so a fast
     * path that never matched, leaving every header to Spring, would fail here too).
     */
    void sameAsSpring(@Nullable String header) {
        String expected = outcome(spring, header);
        assertThat(outcome(ours, header)).as("%s", header).isEqualTo(expected);
        if (header != null) {
            assertThat(WellFormedBearerTokenResolver.wellFormed(header)).as("fast path for %s", header)
                    .isEqualTo(expected.startsWith("token:"));
        }
    }

    @Test
    void theUsualHeadersAreAnsweredAsSpringAnswersThem() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiYWVtaW4ifQ.c2lnbmF0dXJl-_+/~";
        List<String> headers = new ArrayList<>();
        headers.add(null);
        for (String header : new String[] { "", "Bearer", "Bearer ", "Bearer  " + jwt, "Bearer " + jwt,
                "bearer " + jwt, "BEARER " + jwt, "BeArEr " + jwt, "Bearer\t" + jwt, "Bearer" + jwt,
                "Bearer " + jwt + "=", "Bearer " + jwt + "==", "Bearer " + jwt + "=x", "Bearer =", "Bearer ==",
                "Bearer " + jwt + " ", " Bearer " + jwt, "Bearer " + jwt + "\n", "Bearer a b", "Bearer a,b",
                "Basic YmFlbWluOnNlY3JldA==", "Bearertoken", "Bearer\u00a0" + jwt, "Bear " + jwt, "Beare " + jwt }) {
            headers.add(header);
        }
        for (String header : headers) {
            sameAsSpring(header);
        }
        // the common case takes the fast path and gives the token as Spring does
        assertThat(outcome(ours, "Bearer " + jwt)).isEqualTo("token:" + jwt);
        assertThat(WellFormedBearerTokenResolver.wellFormed("Bearer " + jwt)).isTrue();
        assertThat(WellFormedBearerTokenResolver.wellFormed("bearer " + jwt)).isTrue();
        assertThat(WellFormedBearerTokenResolver.wellFormed("BeArEr " + jwt)).isTrue();
        assertThat(outcome(ours, "Bearer a b")).startsWith("refused:invalid_token:");
    }

    @Test
    void everyCharacterOfTheBasicPlaneInTheSchemeAndTheTokenIsAnsweredAsSpringAnswersIt() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String character = String.valueOf((char) c);
            sameAsSpring("Bearer abc" + character);
            sameAsSpring("Bearer " + character + "abc");
            sameAsSpring("Bearer abc=" + character);
            sameAsSpring(character + "earer abc");
            sameAsSpring("Beare" + character + " abc");
            sameAsSpring("Bearer" + character + "abc");
        }
    }

    @Test
    void randomHeadersNearTheGrammarAreAnsweredAsSpringAnswersThem() {
        String[] pieces = { "Bearer ", "bearer ", "Bearer", " ", "=", "==", "a", "Z", "0", "-", ".", "_", "~", "+",
                "/", "!", "%", "\t", "\u0130", "\u212a" };
        SplittableRandom random = new SplittableRandom(7);
        int tokens = 0;
        for (int n = 0; n < 100_000; n++) {
            StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : "");
            for (int i = random.nextInt(0, 6); i > 0; i--) {
                header.append(pieces[random.nextInt(pieces.length)]);
            }
            String value = header.toString();
            sameAsSpring(value);
            tokens += outcome(spring, value).startsWith("token:") ? 1 : 0;
        }
        // well-formed and other headers were both asked for many times
        assertThat(tokens).isBetween(1_000, 99_000);
    }
}
