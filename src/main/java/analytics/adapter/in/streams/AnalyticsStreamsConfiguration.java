package analytics.adapter.in.streams;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import analytics.application.AnalyticsProperties;
import analytics.domain.DeadLetter;
import analytics.domain.IntegratedDelivery;
import io.micrometer.core.instrument.MeterRegistry;
import platform.kafka.RelayKafkaProperties;

/**
 * Runs the analytics step in this process with Spring Kafka's {@code StreamsBuilderFactoryBean}. Kafka Streams
 * settings come from {@code spring.kafka.streams.*} (exactly-once, a state directory that survives restarts); the
 * step's own from {@code relay.analytics.*}. Adds the static member id, one memory budget for all state stores
 * ({@link BoundedStateStoreMemory}), the health of the client and the step's topics.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@EnableConfigurationProperties({ AnalyticsProperties.class, RelayKafkaProperties.class })
@ConditionalOnBooleanProperty(name = "relay.analytics.enabled", matchIfMissing = true)
class AnalyticsStreamsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsStreamsConfiguration.class);

    private final AtomicReference<@Nullable Throwable> lastFailure = new AtomicReference<>();

    @Bean
    StreamsBuilderFactoryBeanConfigurer deliveryIntegrationStep(AnalyticsProperties analytics, MeterRegistry meters) {
        return factory -> {
            factory.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
                @Override
                public void configureTopology(Topology topology) {
                    DeliveryIntegrationTopology.addTo(topology, analytics, meters);
                }
            });
            Properties config = factory.getStreamsConfiguration();
            if (config != null) {
                if (!config.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
                    config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, StaticMemberId.loadOrCreate(
                            Path.of(config.getProperty(StreamsConfig.STATE_DIR_CONFIG, "./data/kafka-streams")),
                            config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)));
                }
                BoundedStateStoreMemory.addUnlessSet(config, analytics.stateStores());
                factory.setStreamsConfiguration(config);
            }
            factory.setStreamsUncaughtExceptionHandler(failure -> {
                lastFailure.set(failure);
                if (causedBy(failure, FencedInstanceIdException.class)) {
                    log.error("Analytics stopped: another instance joined with this one's member id {}; every "
                            + "instance needs its own spring.kafka.streams.state-dir (or group.instance.id)",
                            config == null ? "?" : config.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), failure);
                } else {
                    log.error("Analytics stopped by an error in its stream thread; /actuator/health/analyticsStreams "
                            + "is DOWN until a restart", failure);
                }
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
        };
    }

    @Bean
    StreamsClientHealthIndicator analyticsStreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
        return new StreamsClientHealthIndicator(streams, lastFailure);
    }

    /**
     * The step's topics, shaped like the outbox topics (the shared {@code relay.kafka.*} settings): the re-drive
     * topic must have as many partitions as {@code delivery.events}, and the integrated topic keeps the same keys on
     * as many.
     */
    @Bean
    KafkaAdmin.NewTopics analyticsTopics(AnalyticsProperties analytics, RelayKafkaProperties kafka) {
        int partitions = kafka.partitions();
        short replicas = kafka.replicationFactor();
        String minInsync = Integer.toString(kafka.minInsyncReplicas());
        AnalyticsProperties.Topics topics = analytics.topics();
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(IntegratedDelivery.TOPIC).partitions(partitions).replicas(replicas)
                        .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)
                        .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topics.integratedRetention().toMillis()))
                        .build(),
                TopicBuilder.name(DeadLetter.TOPIC).partitions(partitions).replicas(replicas)
                        .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)
                        .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topics.deadLetterRetention().toMillis()))
                        .build(),
                TopicBuilder.name(DeadLetter.REDRIVE_TOPIC).partitions(partitions).replicas(replicas)
                        .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)
                        .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topics.redriveRetention().toMillis()))
                        .build());
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
