package outbox.adapter.in.kafka;

import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import outbox.application.port.in.ShardOwnershipUseCase;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CoordinationProperties.class)
@ConditionalOnBooleanProperty(name = "relay.outbox.enabled", matchIfMissing = true)
class ShardLeasesConfiguration {

    /** One partition per shard; compacted and tiny, since nothing is ever written to it. */
    @Bean
    KafkaAdmin.NewTopics shardLeaseTopic(ShardOwnershipUseCase ownership, CoordinationProperties coordination,
            @Value("${relay.kafka.replication-factor:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(TopicBuilder.name(coordination.topic())
                .partitions(ownership.allShards().size())
                .replicas(replicationFactor)
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
