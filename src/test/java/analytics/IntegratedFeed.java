package analytics;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import analytics.adapter.in.streams.DeliveryEventsTopology;
import analytics.adapter.in.streams.JsonSerde;
import analytics.adapter.in.streams.LiveStatusTopology;
import analytics.domain.IntegratedDelivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import platform.TestServers;

/**
 * Writes integrated records to {@code delivery.integrated} on the test broker, as the integrated step (issue 9)
 * does. Tests use it for deliveries that exist only in analytics (synthetic ids), and, for real deliveries driven
 * over HTTP, only while that step is not part of the topology ({@link #standsInForTheIntegratedStep()}).
 */
public final class IntegratedFeed implements AutoCloseable {

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafka().bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.ACKS_CONFIG, "all"));

    /** True while no step of the analytics topology publishes integrated records. */
    public static boolean standsInForTheIntegratedStep() {
        return !DeliveryEventsTopology.topology(new SimpleMeterRegistry()).describe().toString()
                .contains(LiveStatusTopology.INTEGRATED_TOPIC);
    }

    public void send(IntegratedDelivery delivery) {
        try {
            producer.send(new ProducerRecord<>(LiveStatusTopology.INTEGRATED_TOPIC, null,
                    delivery.updatedAt().toEpochMilli(), delivery.deliveryId().toString(),
                    JsonSerde.JSON.writeValueAsString(delivery))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not write an integrated record", e);
        }
    }

    /** Sends only while standing in for the integrated step (real deliveries). */
    public void mirror(IntegratedDelivery delivery) {
        if (standsInForTheIntegratedStep()) {
            send(delivery);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
