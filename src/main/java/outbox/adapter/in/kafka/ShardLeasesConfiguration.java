package outbox.adapter.in.kafka;

import java.util.UUID;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import outbox.application.RelayProperties;
import outbox.application.port.in.ShardOwnershipUseCase;
import platform.kafka.RelayKafkaProperties;

/**
 * The shard leases of this instance. With {@code relay.outbox.enabled=false} the instance never joins the lease
 * group, so it owns no shard and relays nothing; the rows wait for an instance that does.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ CoordinationProperties.class, RelayKafkaProperties.class })
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
            RelayProperties relay, Environment environment) {
        String instance = environment.getProperty("spring.application.name", "relay") + "-"
                + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new ShardLeases(ownership, coordination, admin, instance, relay.enabled());
    }
}
