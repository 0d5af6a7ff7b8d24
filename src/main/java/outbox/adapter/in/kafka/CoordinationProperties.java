package outbox.adapter.in.kafka;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.coordination.*}: how instances share the shards.
 *
 * @param topic             lease topic: partition {@code i} is shard {@code i}; nothing is ever written to it
 * @param groupId           consumer group of all instances that share the same outbox
 * @param sessionTimeout    an instance that stops heartbeating loses its shards after this long; with the
 *                          reader's start-up this bounds the take-over time after a crash
 * @param heartbeatInterval at most a third of the session timeout
 */
@ConfigurationProperties("relay.coordination")
@Validated
public record CoordinationProperties(
        @DefaultValue("relay.shard-leases") @NotBlank String topic,
        @DefaultValue("delivery-relay.shard-leases") @NotBlank String groupId,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration sessionTimeout,
        @DefaultValue("3s") @NotNull @DurationMin(millis = 1) Duration heartbeatInterval) {
}
