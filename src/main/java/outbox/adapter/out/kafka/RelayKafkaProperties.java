package outbox.adapter.out.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relay.kafka.*}: how the topics the outbox feeds are created when they do not exist yet.
 *
 * @param partitions        partitions of each outbox topic; all events of one delivery share one
 * @param replicationFactor 1 for the embedded single broker, 3 in production
 * @param minInsyncReplicas with {@code acks=all}, how many replicas must have a record before it counts as sent
 */
@ConfigurationProperties("relay.kafka")
public record RelayKafkaProperties(@DefaultValue("12") int partitions, @DefaultValue("1") short replicationFactor,
        @DefaultValue("1") int minInsyncReplicas) {
}
