package platform.embedded;

import java.nio.file.Path;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relay.embedded.*}: the zero-configuration run. Bound with Boot's {@code Binder} before any bean exists,
 * because the servers must be up before the DataSource and Kafka clients are created.
 *
 * @param enabled  start an embedded MariaDB and Kafka broker; {@code false} (or the {@code prod} profile) uses
 *                 the external servers configured under {@code spring.datasource.*} and {@code spring.kafka.*}
 * @param dataDir  where both keep their data across restarts; must not lie under the system temp dir
 */
public record EmbeddedProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue MariaDb mariadb,
        @DefaultValue Kafka kafka) {

    /** @param port TCP port on 127.0.0.1; @param database schema the application uses */
    public record MariaDb(@DefaultValue("3307") int port, @DefaultValue("relay") String database) {
    }

    /** @param port PLAINTEXT listener on 127.0.0.1; @param controllerPort KRaft controller listener */
    public record Kafka(@DefaultValue("9092") int port, @DefaultValue("9093") int controllerPort) {
    }
}
