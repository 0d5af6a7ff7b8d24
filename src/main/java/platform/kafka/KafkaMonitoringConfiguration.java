package platform.kafka;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import io.micrometer.core.instrument.MeterRegistry;

/** The consumer group lag gauge, measured every {@code relay.kafka.lag-monitor.interval} when enabled. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelayKafkaProperties.class)
class KafkaMonitoringConfiguration implements SchedulingConfigurer {

    private final RelayKafkaProperties kafka;
    private final ObjectProvider<ConsumerGroupLagMonitor> monitor;

    KafkaMonitoringConfiguration(RelayKafkaProperties kafka, ObjectProvider<ConsumerGroupLagMonitor> monitor) {
        this.kafka = kafka;
        this.monitor = monitor;
    }

    @Bean
    ConsumerGroupLagMonitor consumerGroupLagMonitor(KafkaAdmin admin, MeterRegistry meters) {
        return new ConsumerGroupLagMonitor(admin, meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (kafka.lagMonitor().enabled()) {
            ConsumerGroupLagMonitor lag = monitor.getObject();
            tasks.addFixedDelayTask(new FixedDelayTask(lag::measure, kafka.lagMonitor().interval(),
                    kafka.lagMonitor().interval()));
        }
    }
}
