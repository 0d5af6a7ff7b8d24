package outbox.application;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.outbox.*}: whether this instance relays, how the relay retries and how long relayed rows stay in the
 * outbox tables. The one owner of these settings, application and adapters alike read them here.
 *
 * @param enabled           relay the outbox to Kafka on this instance: it takes part in the shard leases; with
 *                          {@code false} it relays nothing and rows wait in the tables (the benchmark's ceiling)
 * @param initialBackoff    pause after the first failed send of a batch, and before a shard reader's first restart
 *                          after a failure; doubles per failure in a row (a reader's starts over once it finishes a
 *                          batch)
 * @param maxBackoff        longest pause between attempts and between a reader's restarts
 * @param downAfterAttempts failed attempts in a row after which the shard reports DOWN (it keeps retrying)
 * @param maxWaitingAge     a shard whose oldest row not yet acknowledged by Kafka is older than this reports DOWN;
 *                          also how long a newly acquired shard's reader may take to connect before that is DOWN
 * @param backlogCheckInterval how often the age of each owned shard's oldest waiting row is measured (one indexed
 *                          lookup per shard); health and the gauge show the last measurement
 * @param retention         relayed rows younger than this stay, for inspection; older ones are deleted
 * @param cleanupInterval   how often relayed rows are deleted and waiting rows counted
 * @param cleanupBatchSize  rows deleted per statement, to keep locks and undo short
 * @param writeEvents       write exported events into the outbox; only the benchmark turns it off, to measure Spring
 *                          Modulith's event publication registry in its place
 */
@ConfigurationProperties("relay.outbox")
@Validated
public record RelayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100ms") @NotNull @DurationMin(millis = 1) Duration initialBackoff,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration maxBackoff,
        @DefaultValue("5") @Min(1) int downAfterAttempts,
        @DefaultValue("1m") @NotNull @DurationMin(millis = 1) Duration maxWaitingAge,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration backlogCheckInterval,
        @DefaultValue("10m") @NotNull @DurationMin(millis = 0) Duration retention,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration cleanupInterval,
        @DefaultValue("5000") @Min(1) int cleanupBatchSize,
        @DefaultValue("true") boolean writeEvents) {
}
