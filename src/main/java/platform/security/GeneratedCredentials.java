package platform.security;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import platform.security.SecurityProperties.Role;

/**
 * Credentials for the zero-configuration run: one user per role, with random passwords generated on the first
 * start, kept (readable by the owner only) next to the embedded servers' data so that they survive restarts, and
 * printed once, when generated. Nothing is built into the jar.
 */
final class GeneratedCredentials {

    static final String FILE = "http-credentials.properties";
    private static final Logger log = LoggerFactory.getLogger(GeneratedCredentials.class);
    /** the generated users and their roles */
    static final Map<String, Role> ROLES = orderedRoles();

    private GeneratedCredentials() {
    }

    /** The plain passwords by user name, generated on first use. */
    static Map<String, Generated> loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                log.info("HTTP credentials of the embedded run: {}", file.toAbsolutePath().normalize());
                return read(file);
            }
            Map<String, Generated> generated = new LinkedHashMap<>();
            SecureRandom random = new SecureRandom();
            for (Map.Entry<String, Role> user : ROLES.entrySet()) {
                byte[] secret = new byte[18];
                random.nextBytes(secret);
                generated.put(user.getKey(), new Generated(
                        Base64.getUrlEncoder().withoutPadding().encodeToString(secret), user.getValue()));
            }
            write(file, generated);
            StringBuilder printed = new StringBuilder();
            generated.forEach((user, credential) -> printed.append(String.format("%n    %-14s %-14s %s", user,
                    credential.role(), credential.password())));
            log.warn("""
                    Generated HTTP credentials for the embedded run (printed this once; kept in {}):
                        user           role           password{}
                    Configure relay.security.users.* for anything but a local trial.""",
                    file.toAbsolutePath().normalize(), printed);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    private static Map<String, Generated> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, Generated> users = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.endsWith(".password")) {
                String user = name.substring(0, name.length() - ".password".length());
                users.put(user, new Generated(properties.getProperty(name),
                        Role.valueOf(properties.getProperty(user + ".role"))));
            }
        }
        return users;
    }

    private static void write(Path file, Map<String, Generated> users) throws IOException {
        Files.createDirectories(file.getParent());
        Properties properties = new Properties();
        users.forEach((user, credential) -> {
            properties.setProperty(user + ".password", credential.password());
            properties.setProperty(user + ".role", credential.role().name());
        });
        Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer writer = Files.newBufferedWriter(temp)) {
            properties.store(writer, "HTTP Basic credentials of the embedded run, generated on its first start");
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Role> orderedRoles() {
        Map<String, Role> roles = new LinkedHashMap<>();
        roles.put("operator", Role.OPERATOR);
        roles.put("viewer", Role.VIEWER);
        roles.put("order-service", Role.ORDER_SERVICE);
        return java.util.Collections.unmodifiableMap(roles);
    }

    record Generated(String password, Role role) {
    }
}
