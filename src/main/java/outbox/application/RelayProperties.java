package outbox.application;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relay.outbox.*}: how the relay retries and how long relayed rows stay in the outbox tables.
 *
 * @param enabled           relay the outbox to Kafka; {@code false} leaves rows in the tables (benchmark ceiling)
 * @param initialBackoff    pause after the first failed send of a batch; doubles per failure
 * @param maxBackoff        longest pause between attempts
 * @param downAfterAttempts failed attempts in a row after which the shard reports DOWN (it keeps retrying)
 * @param retention         relayed rows younger than this stay, for inspection; older ones are deleted
 * @param cleanupInterval   how often relayed rows are deleted and waiting rows counted
 * @param cleanupBatchSize  rows deleted per statement, to keep locks and undo short
 * @param writeEvents       write exported events into the outbox; only the benchmark turns it off, to measure Spring
 *                          Modulith's event publication registry in its place
 */
@ConfigurationProperties("relay.outbox")
public record RelayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100ms") Duration initialBackoff,
        @DefaultValue("10s") Duration maxBackoff,
        @DefaultValue("5") int downAfterAttempts,
        @DefaultValue("10m") Duration retention,
        @DefaultValue("30s") Duration cleanupInterval,
        @DefaultValue("5000") int cleanupBatchSize,
        @DefaultValue("true") boolean writeEvents) {
}
