package analytics.adapter.in.streams;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import analytics.application.AlarmProperties;
import io.micrometer.core.instrument.MeterRegistry;

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

    @Bean
    KafkaAdmin.NewTopics liveStatusTopics(KafkaProperties kafka, Environment environment) {
        Integer replication = kafka.getStreams().getReplicationFactor();
        short replicas = replication == null ? 1 : replication.shortValue();
        // stand-in until the integrated step (issue 9) declares its own topic; partitions as the outbox topic's
        int partitions = Binder.get(environment).bind("relay.kafka.partitions", Integer.class).orElse(12);
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(LiveStatusTopology.INTEGRATED_TOPIC).partitions(partitions).replicas(replicas)
                        .build(),
                TopicBuilder.name(LiveStatusTopology.STATUS_COUNTS_TOPIC).partitions(1).replicas(replicas)
                        .configs(compacted).build(),
                TopicBuilder.name(LiveStatusTopology.SIGNALS_TOPIC).partitions(1).replicas(replicas)
                        .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()))
                        .build(),
                TopicBuilder.name(LiveStatusTopology.ALARMS_TOPIC).partitions(1).replicas(replicas)
                        .configs(compacted).build(),
                TopicBuilder.name(LiveStatusTopology.ALARM_STATE_TOPIC).partitions(1).replicas(replicas)
                        .configs(compacted).build(),
                TopicBuilder.name(LiveStatusTopology.GATE_OVERRIDES_TOPIC).partitions(1).replicas(replicas)
                        .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(90).toMillis()))
                        .build());
    }
}
