package outbox.adapter.out.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import outbox.application.port.in.OutboxTopicsQuery;
import platform.kafka.RelayKafkaProperties;

/** Declares every topic the outbox feeds, so Spring Kafka's {@link KafkaAdmin} creates them at start-up. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelayKafkaProperties.class)
class OutboxKafkaConfiguration {

    @Bean
    KafkaAdmin.NewTopics outboxTopics(OutboxTopicsQuery outbox, RelayKafkaProperties kafka) {
        return new KafkaAdmin.NewTopics(outbox.topics().stream()
                .map(topic -> TopicBuilder.name(topic.topic())
                        .partitions(kafka.partitions())
                        .replicas(kafka.replicationFactor())
                        .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(kafka.minInsyncReplicas()))
                        .build())
                .toArray(NewTopic[]::new));
    }

    @Bean
    KafkaBrokerHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaBrokerHealthIndicator(admin);
    }
}
