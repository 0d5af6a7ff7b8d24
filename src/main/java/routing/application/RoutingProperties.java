package routing.application;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code relay.routing.*}.
 *
 * @param reloadGroup          the bus group whose instances reload when the rule set changes: the group of the
 *                             instances that create deliveries
 * @param versionCheckInterval how often each instance compares its rule set version with the stored one, the
 *                             safety net under the bus
 */
@ConfigurationProperties("relay.routing")
@Validated
public record RoutingProperties(
        @DefaultValue("delivery") @NotBlank String reloadGroup,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration versionCheckInterval) {
}
