package platform;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import delivery.DeliveryEvent;
import outbox.EventEnvelope;

/**
 * Reads {@link DeliveryEvent#TOPIC} as a consumer of this product must: {@code read_committed} (the relay writes in
 * Kafka transactions), duplicates dropped by event id, and every delivery's sequence checked for gaps and
 * reordering. Starts from the current end of the topic, so a test sees only what it caused. Reads any other outbox
 * topic the same way ({@link #onTestServers(String)}).
 */
public final class DeliveryEventsProbe implements AutoCloseable {

    public static final String TOPIC = DeliveryEvent.TOPIC;

    private final KafkaConsumer<String, String> consumer;
    private final List<Event> received = new ArrayList<>();
    private final Set<String> eventIds = new LinkedHashSet<>();
    private int duplicates;

    public DeliveryEventsProbe(String bootstrapServers) {
        this(bootstrapServers, TOPIC);
    }

    public DeliveryEventsProbe(String bootstrapServers, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer = new KafkaConsumer<>(config);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !consumer.partitionsFor(topic).isEmpty());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(PartitionInfo::partition).map(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    public static DeliveryEventsProbe onTestServers() {
        return onTestServers(TOPIC);
    }

    public static DeliveryEventsProbe onTestServers(String topic) {
        return new DeliveryEventsProbe(TestServers.get().kafka().bootstrapServers(), topic);
    }

    /** Polls until {@code done} holds for what has arrived (after dropping duplicates). */
    public List<Event> awaitUntil(Duration atMost, Predicate<List<Event>> done) {
        Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
            poll();
            return done.test(received);
        });
        return List.copyOf(received);
    }

    public List<Event> awaitCount(Duration atMost, int events) {
        return awaitUntil(atMost, r -> r.size() >= events);
    }

    /** Keeps reading for a while, to see that nothing more arrives. */
    public List<Event> drain(Duration quiet) {
        long end = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < end) {
            poll();
        }
        return List.copyOf(received);
    }

    public int duplicatesDropped() {
        return duplicates;
    }

    public Map<String, List<Event>> byDelivery() {
        return received.stream().collect(Collectors.groupingBy(Event::key, LinkedHashMap::new, Collectors.toList()));
    }

    /** Deliveries whose events did not arrive as 1, 2, 3 … without gaps, in order. */
    public Map<String, List<Long>> outOfSequence() {
        Map<String, List<Long>> wrong = new LinkedHashMap<>();
        byDelivery().forEach((delivery, events) -> {
            List<Long> sequences = events.stream().map(Event::sequence).toList();
            for (int i = 0; i < sequences.size(); i++) {
                if (sequences.get(i) != i + 1) {
                    wrong.put(delivery, sequences);
                    break;
                }
            }
        });
        return wrong;
    }

    private void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            Event event = Event.of(record);
            if (eventIds.add(event.eventId())) {
                received.add(event);
            } else {
                duplicates++;
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }

    public record Event(String key, String value, Map<String, String> headers, int partition, long offset,
            long timestamp) {

        static Event of(ConsumerRecord<String, String> record) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            return new Event(record.key(), record.value(), headers, record.partition(), record.offset(),
                    record.timestamp());
        }

        public String eventId() {
            return headers.get(EventEnvelope.EVENT_ID);
        }

        public String eventType() {
            return headers.get(EventEnvelope.EVENT_TYPE);
        }

        public long sequence() {
            return Long.parseLong(headers.get(EventEnvelope.SEQUENCE));
        }

        public Instant occurredAt() {
            return Instant.parse(headers.get(EventEnvelope.OCCURRED_AT));
        }

        public UUID deliveryId() {
            return UUID.fromString(key);
        }
    }
}
