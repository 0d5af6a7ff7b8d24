package platform.kafka;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.kafka.*}: how this service uses the Kafka cluster: the topics it creates, how the relay writes, the
 * consumer group lag gauge. Shared plumbing, so every module reads it from here.
 *
 * @param partitions            partitions of each outbox topic when it is created; all events of a key share one
 * @param replicationFactor     1 for the embedded single broker, 3 in production (for every topic this service
 *                              creates)
 * @param minInsyncReplicas     with {@code acks=all}, how many replicas must have a record before it counts as sent
 * @param transactionalIdPrefix shard {@code t} writes with transactional id {@code <prefix>-t}; the same on every
 *                              instance, so that a new owner of a shard fences the old one
 * @param sendTimeout           how long one relay attempt may block or wait for acknowledgements before it fails
 *                              and is retried
 * @param lagMonitor            the {@code kafka.consumer.group.lag} gauge
 */
@ConfigurationProperties("relay.kafka")
@Validated
public record RelayKafkaProperties(
        @DefaultValue("12") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) short replicationFactor,
        @DefaultValue("1") @Min(1) int minInsyncReplicas,
        @DefaultValue("delivery-relay") @NotBlank String transactionalIdPrefix,
        @DefaultValue("10s") @NotNull Duration sendTimeout,
        @DefaultValue @Valid LagMonitor lagMonitor) {

    /**
     * @param enabled  measure every consumer group's lag on the cluster
     * @param interval how often
     */
    public record LagMonitor(@DefaultValue("true") boolean enabled, @DefaultValue("30s") @NotNull Duration interval) {
    }
}
