package analytics.adapter.out.metrics;

import org.apache.kafka.streams.StreamsConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

import analytics.application.port.out.ConsumerLagPort;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reads the analytics group's lag from the cluster-wide consumer group lag gauge
 * ({@code kafka.consumer.group.lag{group,topic}}), which the platform measures for every group.
 */
@Component
class MicrometerConsumerLag implements ConsumerLagPort {

    static final String LAG_GAUGE = "kafka.consumer.group.lag";

    private final MeterRegistry meters;
    private final ObjectProvider<StreamsBuilderFactoryBean> factory;

    MicrometerConsumerLag(MeterRegistry meters, ObjectProvider<StreamsBuilderFactoryBean> factory) {
        this.meters = meters;
        this.factory = factory;
    }

    @Override
    public @Nullable Long analyticsLagRecords() {
        StreamsBuilderFactoryBean bean = factory.getIfAvailable();
        var config = bean == null ? null : bean.getStreamsConfiguration();
        if (config == null) {
            return null;
        }
        String group = config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        var gauges = meters.find(LAG_GAUGE).tag("group", group).gauges();
        if (gauges.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (Gauge gauge : gauges) {
            double value = gauge.value();
            if (!Double.isNaN(value)) {
                sum += value;
            }
        }
        return (long) sum;
    }
}
