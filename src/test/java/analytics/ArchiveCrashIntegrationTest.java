package analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import analytics.ArchiveTopic.Sent;
import analytics.domain.IntegratedDelivery;
import analytics.domain.archive.ArchiveFile;
import platform.JarProcess;
import platform.TestServers;

/**
 * The archive writer's JVM dies between moving a finished file into the archive and committing its offsets, then
 * is started again: the archive ends with every record exactly once. The packaged jar runs as its own process
 * against this JVM's broker and database; the moment is hit exactly by the writer's fault injection
 * ({@code relay.analytics.archive.fault-injection.*}), which halts the JVM as a SIGKILL would (no shutdown hooks,
 * no commit). Once after a count rotation, once after an idle rotation, whose file boundaries a replay does not
 * reproduce.
 */
class ArchiveCrashIntegrationTest {

    static final Duration READY = Duration.ofMinutes(3);
    static final int HALTED = 97; // IntegratedDeliveryArchiveConsumer.FAULT_INJECTION_EXIT_STATUS

    final Path root = Path.of("target", "archive-crash-it", UUID.randomUUID().toString()).toAbsolutePath();
    final List<JarProcess> started = new ArrayList<>();
    ArchiveTopic topic;

    @BeforeEach
    void topic() throws Exception {
        topic = new ArchiveTopic(TestServers.get().kafka().bootstrapServers()).create(3);
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (JarProcess jar : started) {
            jar.close();
        }
        topic.close();
    }

    @Test
    void aCrashAfterACountRotationsMoveLeavesNoRecordLostOrTwice() throws Exception {
        String group = "archive-crash-count";
        Path archive = root.resolve("count");
        startGroupAtTheEnd(group);
        List<Sent> sent = sendTo(0, lives(40, 11));

        JarProcess crashing = start("count-crash", group, archive, Map.of(
                "relay.analytics.archive.max-records-per-file", "40",
                "relay.analytics.archive.max-poll-records", "20",
                "relay.analytics.archive.fault-injection.halt-jvm-before-commit-on", "RECORD_COUNT",
                "relay.analytics.archive.fault-injection.halt-on-occurrence", "3"));
        assertHaltedBetweenMoveAndCommit(crashing, group, archive);

        JarProcess restarted = start("count-restart", group, archive, Map.of(
                "relay.analytics.archive.max-records-per-file", "40"));
        topic.awaitAllCommitted(group, READY);
        restarted.stop();

        assertThat(restarted.output()).contains("that start at or after its committed offset");
        assertEveryRecordOnce(archive, sent);
    }

    @Test
    void aCrashAfterAnIdleRotationsMoveLeavesNoRecordLostOrTwiceThoughTheReplayCutsElsewhere() throws Exception {
        String group = "archive-crash-idle";
        Path archive = root.resolve("idle");
        startGroupAtTheEnd(group);
        Map<String, String> idle = Map.of(
                "relay.analytics.archive.max-records-per-file", "100000",
                "relay.analytics.archive.idle-rotation", "1s");
        Map<String, String> crashAtSecondIdle = new LinkedHashMap<>(idle);
        crashAtSecondIdle.put("relay.analytics.archive.fault-injection.halt-jvm-before-commit-on", "IDLE");
        crashAtSecondIdle.put("relay.analytics.archive.fault-injection.halt-on-occurrence", "2");

        List<Sent> sent = new ArrayList<>(sendTo(1, lives(6, 21)));
        JarProcess crashing = start("idle-crash", group, archive, crashAtSecondIdle);
        topic.awaitAllCommitted(group, READY); // the first idle rotation, committed
        sent.addAll(sendTo(1, lives(4, 22))); // the second one halts the JVM before its commit
        assertHaltedBetweenMoveAndCommit(crashing, group, archive);
        sent.addAll(sendTo(1, lives(4, 23))); // arrives while the writer is down

        JarProcess restarted = start("idle-restart", group, archive, idle);
        topic.awaitAllCommitted(group, READY);
        restarted.stop();

        assertThat(restarted.output()).contains("that start at or after its committed offset");
        assertEveryRecordOnce(archive, sent);
    }

    private void assertHaltedBetweenMoveAndCommit(JarProcess jar, String group, Path archive) throws Exception {
        assertThat(jar.process().waitFor(3, TimeUnit.MINUTES)).as("halted by the fault injection").isTrue();
        assertThat(jar.process().exitValue()).as(jar.output()).isEqualTo(HALTED);
        assertThat(jar.output()).contains("FAULT INJECTION: halting the JVM after moving");
        Map<TopicPartition, Long> committed = topic.committed(group);
        assertThat(files(archive)).as("a file in the archive that starts at or after its partition's committed "
                + "offset " + committed + ": moved, not committed")
                .anyMatch(file -> file.startOffset() >= committed.getOrDefault(
                        new TopicPartition(ArchiveTopic.TOPIC, file.partition()), 0L));
    }

    private void assertEveryRecordOnce(Path archive, List<Sent> sent) throws Exception {
        List<List<Object>> rows = ArchiveTopic.query(archive,
                "SELECT source_partition, source_offset, delivery_id, last_sequence, status FROM deliveries");
        Set<String> expected = new HashSet<>();
        for (Sent record : sent) {
            expected.add(record.partition() + "/" + record.offset() + "/" + record.record().deliveryId() + "/"
                    + record.record().lastSequence() + "/" + record.record().status());
        }
        List<String> archived = rows.stream().map(row -> row.get(0) + "/" + row.get(1) + "/" + row.get(2) + "/"
                + row.get(3) + "/" + row.get(4)).toList();
        assertThat(archived).as("no record twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(archived)).as("every record, nothing else").isEqualTo(expected);
    }

    private static List<ArchiveFile> files(Path archive) throws IOException {
        if (!Files.exists(archive)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(archive)) {
            return paths.filter(Files::isRegularFile)
                    .map(path -> ArchiveFile.parse(archive.relativize(path).toString()))
                    .flatMap(java.util.Optional::stream).toList();
        }
    }

    /** Commits the group at the topic's current end, so that it archives only what this test sends. */
    private void startGroupAtTheEnd(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> ends = new LinkedHashMap<>();
        topic.endOffsets().forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end)));
        topic.admin().alterConsumerGroupOffsets(group, ends).all().get();
    }

    private static List<IntegratedDelivery> lives(int deliveries, long seed) {
        Random random = new Random(seed);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofHours(1));
        List<IntegratedDelivery> records = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            records.addAll(IntegratedDeliveries.life(UUID.randomUUID(), start.plusSeconds(i), i % 5 == 0, random));
        }
        return records;
    }

    /** Everything to one partition, so that the order of rotations and commits is that of the records. */
    private List<Sent> sendTo(int partition, List<IntegratedDelivery> records) throws Exception {
        List<Sent> sent = new ArrayList<>();
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (IntegratedDelivery record : records) {
                RecordMetadata metadata = producer.send(new ProducerRecord<>(ArchiveTopic.TOPIC, partition,
                        ArchiveTopic.key(record.deliveryId()), IntegratedDeliveries.json(record))).get();
                sent.add(new Sent(record, metadata.partition(), metadata.offset()));
            }
        }
        return sent;
    }

    private JarProcess start(String name, String group, Path archive, Map<String, String> archiveSettings)
            throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>(TestServers.get().applicationProperties());
        properties.put("relay.analytics.archive.directory", archive.toString());
        properties.put("relay.analytics.archive.work-directory", archive + "-work");
        properties.put("relay.analytics.archive.consumer-group", group);
        properties.put("relay.analytics.archive.session-timeout", "6s");
        properties.put("relay.kafka.partitions", "3");
        // only the archive writer is under test: no relay, no Streams topology in the jar
        properties.put("relay.outbox.enabled", "false");
        properties.put("relay.analytics.enabled", "false");
        properties.putAll(archiveSettings);
        List<String> arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toList();
        JarProcess jar = JarProcess.start(root.resolve(name + ".log"), platform.embedded.LocalPorts.free(),
                arguments);
        started.add(jar);
        return jar;
    }
}
