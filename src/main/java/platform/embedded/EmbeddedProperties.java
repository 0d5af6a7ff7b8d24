package platform.embedded;

import java.nio.file.Path;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.embedded.*}: the zero-configuration run. Bound with Boot's {@code Binder} (and validated) by
 * {@link EmbeddedInfrastructureInitializer} before any bean exists, because the servers must be up before the
 * DataSource and Kafka clients are created; beans that need it later get the same record injected.
 *
 * @param enabled  start an embedded MariaDB and Kafka broker; {@code false} (or the {@code prod} profile) uses
 *                 the external servers configured under {@code spring.datasource.*} and {@code spring.kafka.*}
 * @param dataDir  where both keep their data across restarts; must not lie under the system temp dir
 */
@ConfigurationProperties("relay.embedded")
@Validated
public record EmbeddedProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("./data") @NotNull Path dataDir,
        @DefaultValue @Valid MariaDb mariadb,
        @DefaultValue @Valid Kafka kafka) {

    /** @param port TCP port on 127.0.0.1; @param database schema the application uses */
    public record MariaDb(@DefaultValue("3307") @Min(1) @Max(65535) int port,
            @DefaultValue("relay") @Pattern(regexp = "[A-Za-z0-9_]{1,64}") String database) {
    }

    /** @param port PLAINTEXT listener on 127.0.0.1; @param controllerPort KRaft controller listener */
    public record Kafka(@DefaultValue("9092") @Min(1) @Max(65535) int port,
            @DefaultValue("9093") @Min(1) @Max(65535) int controllerPort) {
    }
}
