package loadgen;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The passwords an embedded run generated on its first start, so that the tools need no flags on that run. */
public final class EmbeddedCredentials {

    private EmbeddedCredentials() {
    }

    /** {@code order-service:<password>} from {@code <dataDir>/http-credentials.properties}. */
    static String orderService(Path dataDir) {
        Properties http = load(dataDir.resolve("http-credentials.properties"));
        String password = http.getProperty("order-service.password");
        if (password == null) {
            throw new IllegalArgumentException("No order-service user in " + dataDir.resolve("http-credentials.properties")
                    + ": pass --user NAME:PASSWORD");
        }
        return "order-service:" + password;
    }

    /** The generated order-service bearer token from {@code <dataDir>/http-tokens.properties}, if there is one. */
    static java.util.Optional<String> orderServiceToken(Path dataDir) {
        return token(dataDir, "order-service");
    }

    private static java.util.Optional<String> token(Path dataDir, String user) {
        Path file = dataDir.resolve("http-tokens.properties");
        return Files.isReadable(file) ? java.util.Optional.ofNullable(load(file).getProperty(user + ".token"))
                : java.util.Optional.empty();
    }

    /** The generated viewer's bearer token from {@code <dataDir>/http-tokens.properties}, if there is one. */
    static java.util.Optional<String> viewerToken(Path dataDir) {
        return token(dataDir, "viewer");
    }

    /** The application user's database password from {@code <dataDir>/mariadb/credentials.properties}. */
    public static String databasePassword(Path dataDir) {
        String password = load(dataDir.resolve("mariadb").resolve("credentials.properties")).getProperty("app.password");
        if (password == null) {
            throw new IllegalArgumentException("No app.password in " + dataDir.resolve("mariadb/credentials.properties"));
        }
        return password;
    }

    private static Properties load(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + " is not readable: is this the embedded run's data dir?");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
