package analytics.adapter.in.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Records of {@code delivery.integrated} the archive cannot read, unchanged (key, value, headers), with Spring
 * Kafka's standard dead-letter headers ({@code kafka_dlt-original-topic}, {@code -original-partition},
 * {@code -original-offset}, {@code -exception-message} = the reason), sent and acknowledged before the archive
 * goes on. A replay after a crash may send one again.
 */
class DeadLetters implements DisposableBean {

    static final String TOPIC = "analytics.archive.dlt";

    private final DefaultKafkaProducerFactory<byte[], byte[]> producers;
    private final DeadLetterPublishingRecoverer recoverer;

    DeadLetters(Map<String, Object> producerConfig) {
        this.producers = new DefaultKafkaProducerFactory<>(producerConfig);
        this.recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producers),
                (record, e) -> new TopicPartition(TOPIC, -1));
    }

    @Override
    public void destroy() {
        producers.destroy();
    }

    void send(ConsumerRecord<byte[], byte[]> record, Exception reason) {
        recoverer.accept(record, reason);
    }
}
