package analytics.adapter.in.streams;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import analytics.application.AlarmProperties;
import analytics.application.AnalyticsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import platform.kafka.RelayKafkaProperties;

/** Adds the live view and the alarm evaluator to the analytics Streams application, and declares their topics. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "relay.analytics.enabled", matchIfMissing = true)
class LiveStatusStreamsConfiguration {

    @Bean
    Object liveStatusTopology(StreamsBuilder builder, AlarmProperties alarms, MeterRegistry meters) {
        LiveStatusTopology.build(builder, alarms.thresholds(), alarms.evaluationInterval(), meters);
        return LiveStatusTopology.class;
    }

    @Bean
    StoreRestoreProgress storeRestoreProgress() {
        return new StoreRestoreProgress();
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer liveStoresRestoreListener(StoreRestoreProgress progress) {
        return factory -> factory.setStateRestoreListener(progress);
    }

    /** Shaped by the shared {@code relay.kafka.*} settings; all one-partition: each is read by one task or globally. */
    @Bean
    KafkaAdmin.NewTopics liveStatusTopics(RelayKafkaProperties kafka, AnalyticsProperties analytics) {
        short replicas = kafka.replicationFactor();
        String minInsync = Integer.toString(kafka.minInsyncReplicas());
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync);
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(LiveStatusTopology.UNREADABLE_INTEGRATED_TOPIC).partitions(1).replicas(replicas)
                        .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)
                        .config(TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(analytics.topics().deadLetterRetention().toMillis()))
                        .build(),
                TopicBuilder.name(LiveStatusTopology.STATUS_COUNTS_TOPIC).partitions(1).replicas(replicas)
                        .configs(compacted).build(),
                TopicBuilder.name(LiveStatusTopology.SIGNALS_TOPIC).partitions(1).replicas(replicas)
                        .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)
                        .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()))
                        .build(),
                TopicBuilder.name(LiveStatusTopology.ALARMS_TOPIC).partitions(1).replicas(replicas)
                        .configs(compacted).build(),
                TopicBuilder.name(LiveStatusTopology.ALARM_STATE_TOPIC).partitions(1).replicas(replicas)
                        .configs(compacted).build(),
                TopicBuilder.name(LiveStatusTopology.GATE_OVERRIDES_TOPIC).partitions(1).replicas(replicas)
                        .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)
                        .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(90).toMillis()))
                        .build());
    }
}
