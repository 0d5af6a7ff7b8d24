package analytics.adapter.in.streams;

import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs the analytics topology in this process with Spring Kafka's {@code StreamsBuilderFactoryBean}; Kafka
 * Streams settings come from {@code spring.kafka.streams.*} (exactly-once, a state directory that survives
 * restarts, a static member id per instance).
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@ConditionalOnBooleanProperty(name = "relay.analytics.enabled", matchIfMissing = true)
class AnalyticsStreamsConfiguration {

    @Bean
    Object deliveryEventsTopology(StreamsBuilder builder, MeterRegistry meters) {
        DeliveryEventsTopology.build(builder, meters);
        return DeliveryEventsTopology.class;
    }

    @Bean
    KafkaAdmin.NewTopics analyticsTopics(@Value("${relay.kafka.replication-factor:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(TopicBuilder.name(DeliveryEventsTopology.DEAD_LETTER_TOPIC)
                .partitions(1)
                .replicas(replicationFactor)
                .build());
    }
}
