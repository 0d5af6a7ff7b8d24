package outbox.adapter.out.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

import outbox.application.port.out.PublishRecordsPort;
import outbox.domain.OutboxRecord;
import outbox.domain.OutboxShard;
import platform.kafka.RelayKafkaProperties;

/**
 * Sends each batch of a shard in one Kafka transaction, with one transactional producer per shard.
 *
 * <p>Why transactions rather than idempotence alone: a retry must keep order. Without them, a batch whose record
 * n fails while n+1 (same key, same partition) gets through would, once retried, put n after n+1. Inside a
 * transaction either the whole batch becomes visible to {@code read_committed} consumers, in order, or none of it.
 * And the transactional id ({@code <prefix>-<table>}, the same on every instance) fences a former owner of the
 * shard that has not noticed yet that it lost it: its next send fails instead of interleaving.
 *
 * <p>Spring Kafka's {@code KafkaTemplate.executeInTransaction} would do the same for one shared transactional
 * producer; here every shard needs its own fixed transactional id, so the producers are kept per shard.
 * Producer settings (bootstrap servers, {@code acks=all}, idempotence) come from Boot's {@code spring.kafka.producer.*}.
 */
@Component
class TransactionalShardPublisher implements PublishRecordsPort, DisposableBean {

    private final Map<String, Object> baseConfig;
    private final String transactionalIdPrefix;
    private final Map<String, KafkaProducer<String, String>> producers = new ConcurrentHashMap<>();

    TransactionalShardPublisher(ProducerFactory<?, ?> producerFactory, RelayKafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(producerFactory.getConfigurationProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // fail an attempt within seconds, so the shard's back-off, health and metrics see a broker outage
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafka.sendTimeout().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.sendTimeout().toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) kafka.sendTimeout().toMillis() * 2);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        this.baseConfig = Map.copyOf(config);
        this.transactionalIdPrefix = kafka.transactionalIdPrefix();
    }

    @Override
    public void publishAtomically(OutboxShard shard, List<OutboxRecord> records) {
        KafkaProducer<String, String> producer = producers.computeIfAbsent(shard.table(), table -> open(shard));
        try {
            producer.beginTransaction();
            for (OutboxRecord record : records) {
                producer.send(toProducerRecord(record));
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException fenced) {
            discard(shard);
            throw new ShardFencedException(shard, fenced);
        } catch (KafkaException | IllegalStateException failed) {
            // The next attempt opens a fresh producer; its initTransactions() aborts whatever this one left open.
            discard(shard);
            throw failed;
        }
    }

    @Override
    public void release(OutboxShard shard) {
        discard(shard);
    }

    @Override
    public void destroy() {
        producers.keySet().forEach(table -> {
            KafkaProducer<String, String> producer = producers.remove(table);
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        });
    }

    private KafkaProducer<String, String> open(OutboxShard shard) {
        Map<String, Object> config = new HashMap<>(baseConfig);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + "-" + shard.table());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "relay-" + shard.table());
        KafkaProducer<String, String> producer = new KafkaProducer<>(config);
        try {
            producer.initTransactions();
            return producer;
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    private void discard(OutboxShard shard) {
        KafkaProducer<String, String> producer = producers.remove(shard.table());
        if (producer != null) {
            producer.close(Duration.ZERO);
        }
    }

    private static ProducerRecord<String, String> toProducerRecord(OutboxRecord record) {
        ProducerRecord<String, String> producerRecord = new ProducerRecord<>(record.topic(), null,
                record.occurredAt().toEpochMilli(), record.key(), record.value());
        record.headers().forEach((name, value) ->
                producerRecord.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return producerRecord;
    }
}
