package platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import platform.security.SecurityProperties.Role;

class EmbeddedTokenIssuerUnitTest {

    @TempDir
    Path dataDir;

    final Instant now = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void tokensAreSignedByTheGeneratedKeyAndCarryIssuerAudienceAndRoles() throws Exception {
        Map<String, Object> verifier = EmbeddedTokenIssuer.verifierProperties(dataDir);
        Map<String, String> tokens = EmbeddedTokenIssuer.tokensFor(dataDir, GeneratedCredentials.ROLES,
                List.of("delivery-relay"), Clock.fixed(now, ZoneOffset.UTC));

        Path publicKey = Path.of(java.net.URI.create(
                (String) verifier.get("spring.security.oauth2.resourceserver.jwt.public-key-location")));
        var key = (java.security.interfaces.RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(java.util.Base64.getMimeDecoder()
                        .decode(Files.readString(publicKey).replaceAll("-----[A-Z ]+-----", ""))));
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(EmbeddedTokenIssuer.ISSUER));
        Jwt jwt = decoder.decode(tokens.get("order-service"));

        assertThat(jwt.getSubject()).isEqualTo("order-service");
        assertThat(jwt.getAudience()).containsExactly("delivery-relay");
        assertThat(jwt.getClaimAsStringList(WebSecurityConfiguration.ROLES_CLAIM)).containsExactly("ORDER_SERVICE");
        assertThat(jwt.getExpiresAt()).isEqualTo(now.plus(EmbeddedTokenIssuer.VALIDITY));
        assertThat(tokens).containsOnlyKeys("operator", "viewer", "order-service");
    }

    @Test
    void theSigningKeyAndTheTokensAreReadableByTheOwnerOnly() throws Exception {
        EmbeddedTokenIssuer.verifierProperties(dataDir);
        EmbeddedTokenIssuer.tokensFor(dataDir, Map.of("kim", Role.OPERATOR), List.of("delivery-relay"), Clock.systemUTC());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dataDir.resolve(EmbeddedTokenIssuer.KEY_DIR).resolve("signing-key.pem")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dataDir.resolve(EmbeddedTokenIssuer.TOKENS_FILE)))).isEqualTo("rw-------");
    }

    @Test
    void keysAreKeptAndTokensRenewedOnlyWhenAboutToExpire() throws Exception {
        EmbeddedTokenIssuer.verifierProperties(dataDir);
        String key = Files.readString(dataDir.resolve(EmbeddedTokenIssuer.KEY_DIR).resolve("signing-key.pem"));
        Map<String, Role> users = Map.of("kim", Role.ORDER_SERVICE);
        String first = EmbeddedTokenIssuer.tokensFor(dataDir, users, List.of("a"), Clock.fixed(now, ZoneOffset.UTC)).get("kim");
        String nextDay = EmbeddedTokenIssuer.tokensFor(dataDir, users, List.of("a"),
                Clock.fixed(now.plus(Duration.ofDays(1)), ZoneOffset.UTC)).get("kim");
        String nearExpiry = EmbeddedTokenIssuer.tokensFor(dataDir, users, List.of("a"),
                Clock.fixed(now.plus(EmbeddedTokenIssuer.VALIDITY).minus(Duration.ofHours(1)), ZoneOffset.UTC)).get("kim");
        EmbeddedTokenIssuer.verifierProperties(dataDir);

        assertThat(nextDay).isEqualTo(first);
        assertThat(nearExpiry).isNotEqualTo(first);
        assertThat(Files.readString(dataDir.resolve(EmbeddedTokenIssuer.KEY_DIR).resolve("signing-key.pem"))).isEqualTo(key);
    }
}
