package analytics;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import analytics.adapter.in.streams.JsonSerde;
import analytics.domain.IntegratedDelivery;
import platform.TestServers;

/**
 * Writes integrated records to {@code delivery.integrated} on the test broker, as the integration step does. Tests
 * use it for deliveries that exist only in analytics (synthetic ids, stuck or surging on demand); real deliveries
 * driven over HTTP get theirs from the step itself.
 */
public final class IntegratedFeed implements AutoCloseable {

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafka().bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.ACKS_CONFIG, "all"));

    public void send(IntegratedDelivery delivery) {
        try {
            producer.send(new ProducerRecord<>(IntegratedDelivery.TOPIC, null,
                    delivery.updatedAt().toEpochMilli(), delivery.deliveryId().toString(),
                    JsonSerde.JSON.writeValueAsString(delivery))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not write an integrated record", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
