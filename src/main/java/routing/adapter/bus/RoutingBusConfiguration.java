package routing.adapter.bus;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.bus.jackson.RemoteApplicationEventScan;
import org.springframework.context.annotation.Configuration;

/** Registers the routing events with the bus's JSON converter, which only knows the subtypes it is told about. */
@Configuration(proxyBeanMethods = false)
@RemoteApplicationEventScan(basePackageClasses = RouteRuleRemoteEvent.class)
@EnableConfigurationProperties(RoutingBusProperties.class)
class RoutingBusConfiguration {
}
