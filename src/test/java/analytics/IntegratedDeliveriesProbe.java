package analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import analytics.adapter.in.streams.IntegratedDeliverySchema;
import analytics.domain.IntegratedDelivery;
import platform.TestServers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code delivery.integrated} as its consumers must ({@code read_committed}), from the current end, so a test
 * sees only what it caused; every record is checked against the JSON Schema as it arrives.
 */
final class IntegratedDeliveriesProbe implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, List<IntegratedDelivery>> byDelivery = new LinkedHashMap<>();
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    IntegratedDeliveriesProbe() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafka().bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(config);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> !consumer.partitionsFor(IntegratedDelivery.TOPIC).isEmpty());
        List<TopicPartition> partitions = consumer.partitionsFor(IntegratedDelivery.TOPIC).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    Map<String, List<IntegratedDelivery>> awaitUntil(Duration atMost,
            Predicate<Map<String, List<IntegratedDelivery>>> done) {
        Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
            poll();
            return done.test(byDelivery);
        });
        return byDelivery;
    }

    List<ConsumerRecord<String, byte[]>> records() {
        return records;
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            IntegratedDeliverySchema.assertValid(record.value());
            records.add(record);
            byDelivery.computeIfAbsent(record.key(), k -> new ArrayList<>())
                    .add(JSON.readValue(record.value(), IntegratedDelivery.class));
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
