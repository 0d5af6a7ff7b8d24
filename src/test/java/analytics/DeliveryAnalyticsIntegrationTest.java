package analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import analytics.domain.DeadLetter;
import delivery.DeliveryEvent;
import io.micrometer.core.instrument.MeterRegistry;
import platform.DeliveryDriver;
import platform.HttpApi;
import platform.RelayIntegrationTest;
import platform.TestServers;

/** The analytics topology on the real broker, fed by the real relay. */
@RelayIntegrationTest
class DeliveryAnalyticsIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void everyRelayedEventIsTakenInOnceInSequence() throws Exception {
        double before = verdict("in_order");

        new DeliveryDriver(new HttpApi(port)).wholeLives(20, 4);

        await().atMost(Duration.ofSeconds(90)).until(() -> verdict("in_order") - before >= 20 * 5);
        assertThat(verdict("gap")).isZero();
        assertThat(verdict("late")).isZero();
    }

    @Test
    void aRecordWithoutTheEnvelopeGoesToTheDeadLetterTopic() {
        String bootstrap = TestServers.get().kafka().bootstrapServers();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(DeliveryEvent.TOPIC, "not-a-delivery", "garbage"));
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(DeadLetter.TOPIC));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if ("not-a-delivery".equals(record.key()) && "garbage".equals(record.value())) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    private double verdict(String verdict) {
        var counter = meters.find("analytics.delivery.events").tag("verdict", verdict).counter();
        return counter == null ? 0 : counter.count();
    }
}
