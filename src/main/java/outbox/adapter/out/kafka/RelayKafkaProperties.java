package outbox.adapter.out.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relay.kafka.*}: the topics the outbox feeds and how the relay writes to them.
 *
 * @param partitions            partitions of each outbox topic when it is created; all events of a delivery share one
 * @param replicationFactor     1 for the embedded single broker, 3 in production (also for the relay's own topics)
 * @param minInsyncReplicas     with {@code acks=all}, how many replicas must have a record before it counts as sent
 * @param transactionalIdPrefix shard {@code t} writes with transactional id {@code <prefix>-t}; the same on every
 *                              instance, so that a new owner of a shard fences the old one
 * @param sendTimeout           how long one attempt may block or wait for acknowledgements before it fails and
 *                              is retried
 */
@ConfigurationProperties("relay.kafka")
public record RelayKafkaProperties(@DefaultValue("12") int partitions, @DefaultValue("1") short replicationFactor,
        @DefaultValue("1") int minInsyncReplicas, @DefaultValue("delivery-relay") String transactionalIdPrefix,
        @DefaultValue("10s") Duration sendTimeout) {
}
