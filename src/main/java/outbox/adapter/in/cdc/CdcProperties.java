package outbox.adapter.in.cdc;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.cdc.*}: how the relay reads the binary log (one embedded Debezium engine per outbox shard).
 * With the embedded database, the user comes from it; host, port and database default to those of
 * {@code spring.datasource.url} ({@link CdcConnection}).
 *
 * @param connector                 {@code mariadb} or {@code mysql} (MySQL 8)
 * @param hostname                  binlog server; null: the datasource URL's (first) host
 * @param port                      its port; null: the datasource URL's port (3306 when it names none)
 * @param database                  the schema with the outbox tables; null: the datasource URL's database
 * @param username                  a user with the CDC grants
 * @param password                  its password; required when this instance relays
 * @param serverIdBase              shard {@code i} (in the fixed order of all shards) reads as replica
 *                                  {@code serverIdBase + i}; must not clash with real replicas
 * @param snapshotMode              {@code when_needed}: a shard with no stored offset, or whose offset points into
 *                                  a purged binlog, first relays what its table holds (rows are deleted only after
 *                                  they were relayed, so this loses nothing)
 * @param offsetTopic               Kafka topic of the readers' offsets, so any instance can resume any shard
 * @param schemaHistoryTopicPrefix  one schema-history topic per shard: {@code <prefix><table>}
 * @param offsetFlushInterval       how often relayed positions are stored: what is re-sent after a crash
 * @param pollInterval              how long the reader waits for more rows before handing over a batch; each batch
 *                                  is one Kafka transaction, so longer means fewer, larger transactions (see
 *                                  docs/benchmarks.md)
 * @param maxBatchSize              most rows handed over (and sent in one Kafka transaction) at a time
 * @param maxQueueSize              rows buffered between the binlog and the relay
 * @param heartbeatInterval         moves a quiet shard's offset along with the binlog, so its position is never
 *                                  one that has been purged
 * @param keepAliveInterval         how often the binlog client checks its connection and reconnects a lost one
 *                                  (Debezium's {@code connect.keep.alive.interval.ms}, 60 s by default; the server
 *                                  is asked for a heartbeat every 0.8 × this, so a silent connection is noticed
 *                                  too). After a database restart the reader relays nothing until this check: with
 *                                  60 s a restart stalled every shard for 73–111 s, with 2 s the lag peaked at 1.4 s
 * @param properties                further Debezium connector properties, passed through unchanged (e.g.
 *                                  {@code database.ssl.mode})
 */
@ConfigurationProperties("relay.cdc")
@Validated
public record CdcProperties(
        @DefaultValue("mariadb") @NotNull Connector connector,
        @Nullable String hostname,
        @Nullable @Min(1) @Max(65535) Integer port,
        @Nullable String database,
        @DefaultValue("relay_cdc") @NotBlank String username,
        @Nullable String password,
        @DefaultValue("184000") @Min(1) long serverIdBase,
        @DefaultValue("when_needed") @NotBlank String snapshotMode,
        @DefaultValue("relay.debezium.offsets") @NotBlank String offsetTopic,
        @DefaultValue("relay.debezium.schema-history.") @NotBlank String schemaHistoryTopicPrefix,
        @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration offsetFlushInterval,
        @DefaultValue("100ms") @NotNull @DurationMin(millis = 1) Duration pollInterval,
        @DefaultValue("2048") @Min(1) int maxBatchSize,
        @DefaultValue("8192") @Min(1) int maxQueueSize,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration heartbeatInterval,
        @DefaultValue("2s") @NotNull @DurationMin(millis = 100) Duration keepAliveInterval,
        @DefaultValue Map<String, String> properties) {

    public enum Connector {
        MARIADB("io.debezium.connector.mariadb.MariaDbConnector"),
        MYSQL("io.debezium.connector.mysql.MySqlConnector");

        final String connectorClass;

        Connector(String connectorClass) {
            this.connectorClass = connectorClass;
        }
    }
}
