package analytics.adapter.out.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import analytics.application.AnalyticsProperties;
import analytics.application.port.out.DeadLetterQueuePort;
import analytics.domain.DeadLetter;
import delivery.DeliveryEvent;

/**
 * Moves dead letters to the re-drive topic the way Kafka does consume-transform-produce exactly once: a
 * transactional producer sends the records and the consumer group's new offsets in one transaction, so a re-drive
 * that fails half-way has moved nothing and the next one starts where the last committed one ended. Keys and
 * values are copied as bytes, so the default partitioner puts a record in the same partition number the relay put
 * its event in (same key bytes, same partition count). The dead-letter headers are dropped; the event's own
 * envelope stays.
 *
 * <p>One fixed transactional id for every instance: a second re-drive running elsewhere fences the first, whose
 * commit then fails, so two re-drives never both move the same dead letters.
 */
@Component
@ConditionalOnBooleanProperty(name = "relay.analytics.enabled", matchIfMissing = true)
class KafkaDeadLetterQueue implements DeadLetterQueuePort {

    static final String GROUP_ID = "delivery-relay-analytics.dead-letter-redrive";
    static final String TRANSACTIONAL_ID = "delivery-relay-analytics.dead-letter-redrive";

    private final KafkaProperties kafka;
    private final Duration pollTimeout;

    KafkaDeadLetterQueue(KafkaProperties kafka, AnalyticsProperties analytics) {
        this.kafka = kafka;
        this.pollTimeout = analytics.redrive().pollTimeout();
    }

    @Override
    public Partitions partitions() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return new Partitions(consumer.partitionsFor(DeliveryEvent.TOPIC).size(),
                    consumer.partitionsFor(DeadLetter.REDRIVE_TOPIC).size());
        }
    }

    @Override
    public Moved move(int max, Predicate<DeadLetter> redrivable) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(); KafkaProducer<byte[], byte[]> producer = producer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(DeadLetter.TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata from = committed.get(partition);
                if (from == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, from.offset());
                }
            }
            // what is there now; what arrives while this runs waits for the next re-drive
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            List<DeadLetter> moved = new ArrayList<>();
            List<DeadLetter> passedOver = new ArrayList<>();
            producer.initTransactions();
            producer.beginTransaction();
            try {
                boolean more = false;
                while (!caughtUp(consumer, partitions, end)) {
                    var records = consumer.poll(pollTimeout);
                    if (records.isEmpty()) {
                        break;
                    }
                    for (TopicPartition partition : records.partitions()) {
                        for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                            if (record.offset() >= end.getOrDefault(partition, 0L)) {
                                break;
                            }
                            if (moved.size() + passedOver.size() >= max) {
                                more = true;
                                break;
                            }
                            DeadLetter deadLetter = deadLetter(record);
                            if (redrivable.test(deadLetter)) {
                                producer.send(new ProducerRecord<>(DeadLetter.REDRIVE_TOPIC, null, record.timestamp(),
                                        record.key(), record.value(), withoutDeadLetterHeaders(record.headers())));
                                moved.add(deadLetter);
                            } else {
                                passedOver.add(deadLetter);
                            }
                            next.put(partition, new OffsetAndMetadata(record.offset() + 1));
                        }
                    }
                    if (more) {
                        break;
                    }
                }
                if (!next.isEmpty()) {
                    producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                }
                producer.commitTransaction();
                return new Moved(moved, passedOver, more);
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                throw new ConcurrentRedriveException("re-drive fenced by another one", e);
            } catch (KafkaException e) {
                producer.abortTransaction();
                throw e;
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.getOrDefault(p, 0L));
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        String reason = text(headers, DeadLetter.REASON_HEADER);
        DeadLetter.Reason known = java.util.Arrays.stream(DeadLetter.Reason.values())
                .filter(r -> r.code().equals(reason)).findFirst().orElse(DeadLetter.Reason.UNREADABLE_PAYLOAD);
        String partition = text(headers, DeadLetter.SOURCE_PARTITION_HEADER);
        String offset = text(headers, DeadLetter.SOURCE_OFFSET_HEADER);
        return new DeadLetter(known, String.valueOf(text(headers, DeadLetter.DETAIL_HEADER)),
                String.valueOf(text(headers, DeadLetter.SOURCE_TOPIC_HEADER)),
                partition == null ? -1 : Integer.parseInt(partition), offset == null ? -1 : Long.parseLong(offset),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
    }

    private static Headers withoutDeadLetterHeaders(Headers headers) {
        Headers kept = new RecordHeaders();
        for (Header header : headers) {
            if (!header.key().startsWith("dlt.")) {
                kept.add(header);
            }
        }
        return kept;
    }

    private static @Nullable String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "analytics-redrive");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "analytics-redrive");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }
}
