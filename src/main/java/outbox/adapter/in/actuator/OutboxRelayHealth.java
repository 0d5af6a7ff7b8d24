package outbox.adapter.in.actuator;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import outbox.application.port.in.RelayStatusQuery;
import outbox.domain.ShardState;
import outbox.domain.ShardStatus;

/**
 * {@code /actuator/health/outboxRelay/<table>}: one indicator per shard. A shard is DOWN once its head batch has
 * failed {@code relay.outbox.down-after-attempts} times in a row (it keeps retrying and comes back UP by itself);
 * a shard another instance relays is UP here with {@code relayedHere=false}.
 */
@Configuration(proxyBeanMethods = false)
class OutboxRelayHealth {

    @Bean
    CompositeHealthContributor outboxRelayHealthContributor(RelayStatusQuery relay) {
        Map<String, HealthIndicator> shards = new LinkedHashMap<>();
        for (ShardStatus status : relay.shardStatuses()) {
            String table = status.shard().table();
            shards.put(table, () -> health(current(relay, table), relay.downAfterAttempts()));
        }
        return CompositeHealthContributor.fromMap(shards);
    }

    private static ShardStatus current(RelayStatusQuery relay, String table) {
        return relay.shardStatuses().stream().filter(s -> s.shard().table().equals(table)).findFirst().orElseThrow();
    }

    static Health health(ShardStatus status, int downAfterAttempts) {
        boolean down = status.state() != ShardState.NOT_OWNED && status.failedAttempts() >= downAfterAttempts;
        Health.Builder builder = down ? Health.down() : Health.up();
        builder.withDetail("relayedHere", status.state() != ShardState.NOT_OWNED)
                .withDetail("state", status.state())
                .withDetail("topic", status.shard().topic().topic())
                .withDetail("relayed", status.relayed())
                .withDetail("lastRelayedId", status.lastRelayedId())
                .withDetail("failedAttempts", status.failedAttempts());
        if (status.lastError() != null) {
            builder.withDetail("lastError", status.lastError()).withDetail("lastErrorAt", String.valueOf(status.lastErrorAt()));
        }
        return builder.build();
    }
}
