package benchmark;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;

import delivery.DeliveryEvent;

/**
 * The baseline a Spring team would pick: Spring Modulith's event publication registry (JDBC) records each delivery
 * event in the publishing transaction, and its Kafka externalizer sends it after commit to the same topic with the
 * same key. Only the benchmark loads this, with {@code -Pbenchmark} on the classpath.
 */
@Configuration(proxyBeanMethods = false)
class ModulithBaselineConfiguration {

    @Bean
    EventExternalizationConfiguration deliveryEventsExternalization() {
        return EventExternalizationConfiguration.externalizing()
                .select(event -> event instanceof DeliveryEvent)
                .route(DeliveryEvent.class,
                        event -> RoutingTarget.forTarget(RelayBenchmark.TOPIC).andKey(event.deliveryId().toString()))
                .build();
    }
}
