package routing.adapter.bus;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param reloadGroup the bus group whose instances reload when the rule set changes: the group of the instances
 *        that create deliveries
 */
@ConfigurationProperties("relay.routing")
public record RoutingBusProperties(@DefaultValue("delivery") String reloadGroup) {
}
