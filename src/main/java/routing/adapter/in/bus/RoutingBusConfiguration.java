package routing.adapter.in.bus;

import org.springframework.cloud.bus.jackson.RemoteApplicationEventScan;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the routing events with the bus's JSON converter, which only knows the subtypes it is told about. The
 * event types live with their receiver (this package): the outbound notifier sends what this side accepts.
 */
@Configuration(proxyBeanMethods = false)
@RemoteApplicationEventScan(basePackageClasses = RouteRuleRemoteEvent.class)
class RoutingBusConfiguration {
}
