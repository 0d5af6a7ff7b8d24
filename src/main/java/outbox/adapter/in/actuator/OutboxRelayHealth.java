package outbox.adapter.in.actuator;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import outbox.application.port.in.ShardHealthQuery;
import outbox.domain.ShardBacklog;
import outbox.domain.ShardHealth;
import outbox.domain.ShardState;
import outbox.domain.ShardStatus;

/**
 * {@code /actuator/health/outboxRelay/<table>}: one indicator per shard, also the whole of the {@code relay} health
 * group. A shard relayed here is DOWN when its head batch failed {@code relay.outbox.down-after-attempts} times in a
 * row, when its binlog reader has no connection, or when its oldest waiting row is older than
 * {@code relay.outbox.max-waiting-age} ({@link ShardHealth}); it keeps trying and comes back UP by itself. A shard
 * another instance relays is UP here with {@code relayedHere=false}. Nothing here waits for I/O.
 */
@Configuration(proxyBeanMethods = false)
class OutboxRelayHealth {

    @Bean
    CompositeHealthContributor outboxRelayHealthContributor(ShardHealthQuery shards) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (ShardHealth shard : shards.shardHealth()) {
            String table = shard.status().shard().table();
            indicators.put(table, () -> health(current(shards, table)));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }

    private static ShardHealth current(ShardHealthQuery shards, String table) {
        return shards.shardHealth().stream().filter(s -> s.status().shard().table().equals(table)).findFirst()
                .orElseThrow();
    }

    static Health health(ShardHealth shard) {
        ShardStatus status = shard.status();
        Health.Builder builder = shard.fine() ? Health.up() : Health.down();
        builder.withDetail("relayedHere", status.state() != ShardState.NOT_OWNED)
                .withDetail("state", status.state())
                .withDetail("topic", status.shard().topic().topic())
                .withDetail("relayed", status.relayed())
                .withDetail("lastRelayedId", status.lastRelayedId())
                .withDetail("failedAttempts", status.failedAttempts());
        if (status.state() != ShardState.NOT_OWNED) {
            builder.withDetail("reader", shard.reader());
        }
        ShardBacklog backlog = shard.backlog();
        if (backlog != null) {
            java.time.Duration age = backlog.oldestWaitingAge();
            builder.withDetail("oldestWaitingSeconds", age == null ? 0 : age.toMillis() / 1000.0)
                    .withDetail("backlogMeasuredAt", backlog.measuredAt().toString());
            if (backlog.failure() != null) {
                builder.withDetail("backlogError", backlog.failure());
            }
        }
        if (!shard.fine()) {
            builder.withDetail("problems", shard.problems());
        }
        if (status.lastError() != null) {
            builder.withDetail("lastError", status.lastError()).withDetail("lastErrorAt", String.valueOf(status.lastErrorAt()));
        }
        return builder.build();
    }
}
