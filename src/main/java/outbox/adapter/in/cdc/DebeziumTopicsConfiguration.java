package outbox.adapter.in.cdc;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import outbox.application.port.in.OutboxTopicsQuery;
import outbox.domain.OutboxTopic;
import platform.kafka.RelayKafkaProperties;

/**
 * The binlog readers' own Kafka topics, declared like every other topic of the service (the shared
 * {@code relay.kafka.*} replication and min ISR). Left to Debezium, the schema histories would be created with the
 * broker's {@code default.replication.factor} (1 unless tuned) and no min ISR: one lost broker could take a shard's
 * schema history, and its reader could not restart. Debezium has no setting for that replication factor; a topic
 * that already exists is used as it is. The offsets topic gets the same settings Debezium is given for it.
 */
@Configuration(proxyBeanMethods = false)
class DebeziumTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics debeziumTopics(CdcProperties cdc, RelayKafkaProperties kafka, OutboxTopicsQuery outbox) {
        String minInsync = Integer.toString(kafka.minInsyncReplicas());
        List<NewTopic> topics = new ArrayList<>();
        topics.add(TopicBuilder.name(cdc.offsetTopic()).partitions(1).replicas(kafka.replicationFactor())
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync).build());
        for (OutboxTopic topic : outbox.topics()) {
            for (int index = 0; index < topic.shardCount(); index++) {
                // a schema history is read from its start on every reader start: one partition, kept forever
                topics.add(TopicBuilder.name(cdc.schemaHistoryTopicPrefix() + topic.table(index)).partitions(1)
                        .replicas(kafka.replicationFactor())
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                        .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                        .config(TopicConfig.RETENTION_BYTES_CONFIG, "-1")
                        .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync).build());
            }
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
