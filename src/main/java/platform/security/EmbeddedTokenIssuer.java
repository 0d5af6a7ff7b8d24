package platform.security;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

import platform.security.SecurityProperties.Role;

/**
 * The embedded run's stand-in for an identity provider: an RSA key pair generated on the first start (the private
 * key readable by the owner only, next to the other generated secrets) and signed bearer tokens for the generated
 * users, so that order services can be tried the way production calls them — with a JWT, checked in microseconds
 * against the public key, instead of a slow password hash on every request.
 *
 * <p>Production has a real issuer: configure Boot's {@code spring.security.oauth2.resourceserver.jwt.*}
 * ({@code jwk-set-uri} with {@code issuer-uri}, or {@code public-key-location}); nothing here runs then.
 */
public final class EmbeddedTokenIssuer {

    /**
     * {@code iss} of the embedded run's tokens. Not checked: with a configured public key ({@code public-key-location})
     * only the holder of its private key can sign, so the key identifies the issuer; Boot checks {@code iss} only
     * with {@code issuer-uri}, which also makes it fetch the issuer's metadata and keys over HTTP. A URL (in the
     * reserved {@code .invalid} domain), because Spring Security converts {@code iss} to a {@code java.net.URL} on
     * every request and a failed conversion (a URN) searched the class path for a protocol handler each time: 2 %
     * of the CPU under load.
     */
    public static final String ISSUER = "https://delivery-relay.invalid/embedded-issuer";
    static final String KEY_DIR = "jwt";
    static final String TOKENS_FILE = "http-tokens.properties";
    static final Duration VALIDITY = Duration.ofDays(30);
    /** tokens that expire sooner than this are replaced at start-up */
    static final Duration RENEW_BEFORE = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(EmbeddedTokenIssuer.class);

    private EmbeddedTokenIssuer() {
    }

    /**
     * Makes sure the key pair exists and returns the resource-server settings that trust it; the embedded
     * servers' initializer adds them before any bean is created.
     */
    public static Map<String, Object> verifierProperties(Path dataDir) {
        Path keys = dataDir.resolve(KEY_DIR);
        keyPair(keys);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.security.oauth2.resourceserver.jwt.public-key-location",
                keys.resolve("verification-key.pem").toAbsolutePath().toUri().toString());
        return properties;
    }

    /**
     * Tokens for the generated users, one per role, minted (and printed once) when missing or about to expire.
     *
     * @return the tokens by user name
     */
    static Map<String, String> tokensFor(Path dataDir, Map<String, Role> users, List<String> audiences, Clock clock) {
        Path file = dataDir.resolve(TOKENS_FILE);
        KeyPair keys = keyPair(dataDir.resolve(KEY_DIR));
        Properties stored = read(file);
        Instant now = clock.instant();
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, String> minted = new LinkedHashMap<>();
        NimbusJwtEncoder encoder = NimbusJwtEncoder.withKeyPair((RSAPublicKey) keys.getPublic(),
                (RSAPrivateKey) keys.getPrivate()).build();
        users.forEach((user, role) -> {
            String expires = stored.getProperty(user + ".expires");
            String token = stored.getProperty(user + ".token");
            if (token == null || expires == null || Instant.parse(expires).isBefore(now.plus(RENEW_BEFORE))) {
                JwtClaimsSet claims = JwtClaimsSet.builder()
                        .issuer(ISSUER)
                        .subject(user)
                        .audience(audiences)
                        .issuedAt(now)
                        .expiresAt(now.plus(VALIDITY))
                        .id(UUID.randomUUID().toString())
                        .claim(WebSecurityConfiguration.ROLES_CLAIM, List.of(role.name()))
                        .build();
                token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(),
                        claims)).getTokenValue();
                stored.setProperty(user + ".token", token);
                stored.setProperty(user + ".expires", now.plus(VALIDITY).toString());
                minted.put(user, token);
            }
            tokens.put(user, token);
        });
        if (!minted.isEmpty()) {
            writePrivate(file, stored, "Bearer tokens of the embedded run's generated users (renewed at start-up)");
            StringBuilder printed = new StringBuilder();
            minted.forEach((user, token) -> printed.append(String.format("%n    %-14s %s", user, token)));
            log.warn("""
                    Minted bearer tokens for the embedded run, valid until {} (kept in {}; renewed at a start \
                    less than a day before they expire):{}""",
                    now.plus(VALIDITY), file.toAbsolutePath().normalize(), printed);
        }
        return tokens;
    }

    private static KeyPair keyPair(Path dir) {
        Path privateKey = dir.resolve("signing-key.pem");
        Path publicKey = dir.resolve("verification-key.pem");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (Files.exists(privateKey) && Files.exists(publicKey)) {
                return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(pem(publicKey))),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(privateKey))));
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            writePem(privateKey, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
            writePem(publicKey, "PUBLIC KEY", pair.getPublic().getEncoded(), false);
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create or read the embedded token keys in " + dir, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create or read the embedded token keys in " + dir, e);
        }
    }

    private static byte[] pem(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static void writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
        Files.writeString(temp, pem, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return properties;
    }

    private static void writePrivate(Path file, Properties properties, String comment) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(temp)) {
                properties.store(writer, comment);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
