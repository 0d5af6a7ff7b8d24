package outbox.adapter.in.kafka;

import java.util.UUID;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import outbox.adapter.out.kafka.RelayKafkaProperties;
import outbox.application.port.in.ShardOwnershipUseCase;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CoordinationProperties.class)
@ConditionalOnBooleanProperty(name = "relay.outbox.enabled", matchIfMissing = true)
class ShardLeasesConfiguration {

    /** One partition per shard; compacted and tiny, since nothing is ever written to it. */
    @Bean
    KafkaAdmin.NewTopics shardLeaseTopic(ShardOwnershipUseCase ownership, CoordinationProperties coordination,
            RelayKafkaProperties kafka) {
        return new KafkaAdmin.NewTopics(TopicBuilder.name(coordination.topic())
                .partitions(ownership.allShards().size())
                .replicas(kafka.replicationFactor())
                .compact()
                .build());
    }

    @Bean
    ShardLeases shardLeases(ShardOwnershipUseCase ownership, CoordinationProperties coordination, KafkaAdmin admin,
            Environment environment) {
        String instance = environment.getProperty("spring.application.name", "relay") + "-"
                + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new ShardLeases(ownership, coordination, admin, instance);
    }
}
