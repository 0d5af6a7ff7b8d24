package platform.kafka;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Drops every meter tagged with an {@code anonymous.*} consumer group, in particular the Kafka binder's own lag
 * gauge ({@code spring.cloud.stream.binder.kafka.offset}). Each instance's bus subscription is a fresh anonymous
 * group at every start that commits nothing: a lag series for it is noise, and each restart would add one more.
 */
@Configuration(proxyBeanMethods = false)
class AnonymousGroupsMeterFilter {

    @Bean
    MeterFilter dropAnonymousConsumerGroups() {
        return MeterFilter.deny(id -> {
            String group = id.getTag("group");
            return group != null && group.startsWith(ConsumerGroupLagMonitor.ANONYMOUS_PREFIX);
        });
    }
}
