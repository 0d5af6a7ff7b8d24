package analytics;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import analytics.application.port.in.ArchiveIntegratedDeliveriesUseCase;
import analytics.domain.IntegratedDelivery;

/**
 * The test side of {@code delivery.integrated} on a real broker: produces integrated records (as the Streams step
 * will), and reads what the archive writer's group has committed. Also reads an archive directory with DuckDB, as
 * an analyst would, without the service.
 */
public final class ArchiveTopic implements AutoCloseable {

    public static final String TOPIC = ArchiveIntegratedDeliveriesUseCase.SOURCE_TOPIC;

    private final String bootstrapServers;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;

    public ArchiveTopic(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Creates the topic unless it exists (an application context may have created it already). */
    public ArchiveTopic create(int partitions) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        return this;
    }

    /** Where a produced record landed. */
    public record Sent(IntegratedDelivery record, int partition, long offset) {
    }

    public List<Sent> send(List<IntegratedDelivery> records) throws Exception {
        List<java.util.concurrent.Future<RecordMetadata>> futures = new ArrayList<>();
        for (IntegratedDelivery record : records) {
            futures.add(producer.send(new ProducerRecord<>(TOPIC, key(record.deliveryId()),
                    IntegratedDeliveries.json(record))));
        }
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RecordMetadata metadata = futures.get(i).get();
            sent.add(new Sent(records.get(i), metadata.partition(), metadata.offset()));
        }
        return sent;
    }

    public RecordMetadata sendRaw(byte[] key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
    }

    /** Records in a transaction that is aborted: read-committed consumers must never see them. */
    public void sendAborted(List<IntegratedDelivery> records) {
        try (KafkaProducer<byte[], byte[]> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "archive-test-aborted-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            transactional.initTransactions();
            transactional.beginTransaction();
            for (IntegratedDelivery record : records) {
                transactional.send(new ProducerRecord<>(TOPIC, key(record.deliveryId()),
                        IntegratedDeliveries.json(record)));
            }
            transactional.flush();
            transactional.abortTransaction();
        }
    }

    public static byte[] key(UUID deliveryId) {
        return deliveryId.toString().getBytes(StandardCharsets.UTF_8);
    }

    public Map<TopicPartition, Long> endOffsets() throws Exception {
        Set<TopicPartition> partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC)
                .partitions().stream().map(p -> new TopicPartition(TOPIC, p.partition())).collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    public Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        offsets.forEach((p, offset) -> {
            if (offset != null && p.topic().equals(TOPIC)) {
                committed.put(p, offset.offset());
            }
        });
        return committed;
    }

    /** Waits until the group has committed everything on the topic: all of it is in the archive. */
    public void awaitAllCommitted(String group, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<TopicPartition, Long> ends = endOffsets();
            Map<TopicPartition, Long> committed = committed(group);
            return ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                    || committed.getOrDefault(end.getKey(), -1L).equals(end.getValue()));
        });
    }

    /** Runs SQL with DuckDB straight over an archive directory (the view an analyst gets, without the service). */
    public static List<List<Object>> query(Path archive, String sql) throws SQLException {
        try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckDb.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("CREATE VIEW deliveries AS SELECT * FROM read_parquet('" + archive.toAbsolutePath()
                    + "/dt=*/hr=*/*.parquet', hive_partitioning = true, union_by_name = true)");
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(sql)) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(result.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
