package analytics.adapter.in.kafka;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import analytics.application.ArchiveProperties;
import analytics.application.port.in.ArchiveIntegratedDeliveriesUseCase;
import io.micrometer.core.instrument.MeterRegistry;
import platform.kafka.RelayKafkaProperties;

/** The archive writer's consumer and its dead-letter topic (its source topic is declared by the integration step). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ArchiveProperties.class, RelayKafkaProperties.class })
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class ArchiveKafkaConfiguration {

    @Bean
    IntegratedDeliveryArchiveConsumer integratedDeliveryArchiveConsumer(ArchiveIntegratedDeliveriesUseCase archive,
            KafkaAdmin admin, DeadLetters archiveDeadLetters, ArchiveProperties properties, Clock clock,
            MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(admin));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.consumerGroup());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "archive-writer");
        // aborted relay or Streams transactions are in the log; only committed records belong in the archive
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) properties.sessionTimeout().toMillis() / 3);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new IntegratedDeliveryArchiveConsumer(archive, config, archiveDeadLetters, clock, properties, meters);
    }

    @Bean
    DeadLetters archiveDeadLetters(KafkaAdmin admin) {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(admin));
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new DeadLetters(producer);
    }

    private static Object bootstrapServers(KafkaAdmin admin) {
        return java.util.Objects.requireNonNull(admin.getConfigurationProperties().get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
                "Kafka's bootstrap servers are not configured");
    }

    @Bean
    KafkaAdmin.NewTopics archiveTopics(RelayKafkaProperties kafka) {
        // delivery.integrated itself is declared by the Streams step that produces it
        return new KafkaAdmin.NewTopics(TopicBuilder.name(DeadLetters.TOPIC)
                .partitions(1)
                .replicas(kafka.replicationFactor())
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(kafka.minInsyncReplicas()))
                .build());
    }
}
