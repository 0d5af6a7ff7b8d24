package platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * A test identity provider: an RSA key pair per test JVM whose public key every test application trusts (as an
 * operator would configure a real issuer's key), and tokens signed with it — or, to be refused, with another key.
 */
public final class TestTokens {

    public static final String ISSUER = "https://delivery-relay.invalid/test-issuer";
    public static final String AUDIENCE = "delivery-relay";
    private static final KeyPair TRUSTED = generate();

    private TestTokens() {
    }

    /** Resource-server settings that trust {@link #ISSUER}'s key, written under {@code dir}. */
    public static Map<String, Object> verifierProperties(Path dir) {
        Path publicKey = dir.resolve("verification-key.pem");
        try {
            Files.createDirectories(dir);
            Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(TRUSTED.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("spring.security.oauth2.resourceserver.jwt.public-key-location", publicKey.toUri().toString());
    }

    /** A valid token for a caller with these roles, for an hour. */
    public static String valid(String subject, String... roles) {
        return token(TRUSTED, ISSUER, AUDIENCE, Instant.now().plus(Duration.ofHours(1)), subject, roles);
    }

    public static String token(KeyPair key, String issuer, String audience, Instant expiresAt, String subject,
            String... roles) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(subject)
                .audience(List.of(audience))
                .issuedAt(expiresAt.minus(Duration.ofHours(2)))
                .expiresAt(expiresAt)
                .claim("roles", List.of(roles))
                .build();
        return NimbusJwtEncoder.withKeyPair((RSAPublicKey) key.getPublic(), (RSAPrivateKey) key.getPrivate()).build()
                .encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }

    public static KeyPair trusted() {
        return TRUSTED;
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
