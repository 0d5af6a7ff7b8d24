package analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import analytics.domain.IntegratedDelivery;
import analytics.domain.archive.ArchiveFile;
import analytics.domain.archive.ArchiveHour;
import platform.HttpApi;
import platform.RelayIntegrationTest;
import platform.TestServers;
import platform.TestUsers;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The archive with its S3 mirror against a real S3-compatible server (S3Proxy in its own JVM): every file in the
 * bucket under the same name with the same bytes, once its offsets are committed; uncommitted objects deleted
 * when a partition is assigned; erasure and retention reach the bucket too.
 */
@RelayIntegrationTest
@TestPropertySource(properties = {
        "relay.kafka.partitions=3",
        "relay.analytics.archive.max-records-per-file=40",
        "relay.analytics.archive.idle-rotation=500ms",
        "relay.analytics.archive.retention=30d",
        "relay.analytics.archive.retention-interval=1s",
        "relay.analytics.archive.s3.enabled=true",
        "relay.analytics.archive.s3.bucket=" + ArchiveS3IntegrationTest.BUCKET,
        "relay.analytics.archive.s3.prefix=" + ArchiveS3IntegrationTest.PREFIX,
        "relay.analytics.archive.s3.path-style=true",
        "relay.analytics.archive.s3.access-key-id=" + S3Server.ACCESS_KEY,
        "relay.analytics.archive.s3.secret-access-key=" + S3Server.SECRET_KEY })
class ArchiveS3IntegrationTest {

    static final String BUCKET = "delivery-archive";
    static final String PREFIX = "relay/archive";
    static final String GROUP = "delivery-relay.archive";
    static final Duration ARCHIVED = Duration.ofSeconds(60);
    static final Instant BEFORE_START = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofHours(1));
    /** planted before the application starts: below the committed offset (kept) and at or after it (deleted) */
    static final ArchiveFile COMMITTED = new ArchiveFile(ArchiveTopic.TOPIC, 0, 2, ArchiveHour.of(BEFORE_START));
    static final ArchiveFile UNCOMMITTED = new ArchiveFile(ArchiveTopic.TOPIC, 0, 7, ArchiveHour.of(BEFORE_START));

    static S3Server server;
    static S3Client s3;
    static ArchiveTopic topic;

    @LocalServerPort
    int port;

    @Value("${relay.analytics.archive.directory}")
    Path archive;

    /**
     * Runs before the application context exists: the S3 server and bucket, and the state a crashed writer would
     * have left: offsets 0-4 of partition 0 committed, an object for 2 (committed) and one for 7 (not committed).
     */
    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) throws Exception {
        server = S3Server.start(Path.of("target", "s3-it", UUID.randomUUID().toString()));
        s3 = server.client();
        s3.createBucket(request -> request.bucket(BUCKET));
        topic = new ArchiveTopic(TestServers.get().kafka().bootstrapServers()).create(3);
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < 10; i++) {
                UUID id = UUID.randomUUID();
                producer.send(new ProducerRecord<>(ArchiveTopic.TOPIC, 0, ArchiveTopic.key(id),
                        IntegratedDeliveries.json(IntegratedDeliveries.created(id, BEFORE_START)))).get();
            }
        }
        topic.admin().alterConsumerGroupOffsets(GROUP,
                Map.of(new TopicPartition(ArchiveTopic.TOPIC, 0), new OffsetAndMetadata(5))).all().get();
        for (ArchiveFile planted : List.of(COMMITTED, UNCOMMITTED)) {
            s3.putObject(request -> request.bucket(BUCKET).key(PREFIX + "/" + planted.path()),
                    RequestBody.fromString("planted"));
        }
        registry.add("relay.analytics.archive.s3.endpoint", () -> server.endpoint().toString());
    }

    @AfterAll
    static void close() throws InterruptedException {
        topic.close();
        s3.close();
        server.close();
    }

    @Test
    void onAssignmentTheObjectsAtOrAfterTheCommittedOffsetAreDeletedAndTheReplayUploaded() {
        topic.awaitAllCommitted(GROUP, ARCHIVED);

        Map<String, byte[]> objects = objects();
        assertThat(objects).containsKey(COMMITTED.path()).doesNotContainKey(UNCOMMITTED.path());
        assertThat(objects).containsKey(new ArchiveFile(ArchiveTopic.TOPIC, 0, 5, ArchiveHour.of(BEFORE_START))
                .path());
    }

    @Test
    void everyArchivedFileIsInTheBucketUnderTheSameNameWithTheSameBytes() throws Exception {
        topic.send(lives(30, 5));
        topic.awaitAllCommitted(GROUP, ARCHIVED);

        Map<String, byte[]> local = localFiles();
        Map<String, byte[]> objects = objects();
        objects.remove(COMMITTED.path()); // planted, never written by the writer
        assertThat(objects.keySet()).isEqualTo(local.keySet());
        local.forEach((name, bytes) -> assertThat(objects.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void anErasureRewritesTheBucketsCopiesToo() throws Exception {
        UUID kim = UUID.randomUUID();
        topic.send(IntegratedDeliveries.life(kim, BEFORE_START, false, new Random(6)));
        topic.send(lives(5, 7));
        topic.awaitAllCommitted(GROUP, ARCHIVED);

        var erased = new HttpApi(port).as(TestUsers.OPERATOR).post("/admin/analytics/archive/erasures",
                "{\"deliveryId\":\"" + kim + "\"}");
        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.json().path("rowsRemoved").asLong()).isPositive();

        Path downloaded = Files.createTempDirectory(archive.getParent(), "s3-copy");
        Map<String, byte[]> objects = objects();
        objects.remove(COMMITTED.path());
        for (var object : objects.entrySet()) {
            Path file = downloaded.resolve(object.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, object.getValue());
        }
        assertThat(ArchiveTopic.query(downloaded, "SELECT count(*) FROM deliveries WHERE delivery_id = '" + kim
                + "'")).containsExactly(List.of(0L));
        assertThat(ArchiveTopic.query(downloaded, "SELECT count(*) FROM deliveries"))
                .isEqualTo(ArchiveTopic.query(archive, "SELECT count(*) FROM deliveries"));
    }

    @Test
    void daysOlderThanTheRetentionAreDeletedInTheBucketToo() throws Exception {
        Instant old = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofDays(45));
        topic.send(List.of(IntegratedDeliveries.created(UUID.randomUUID(), old)));
        topic.awaitAllCommitted(GROUP, ARCHIVED);
        String oldDay = ArchiveHour.datePrefix(old.atZone(ZoneOffset.UTC).toLocalDate());

        // keys only: the retention deletes while this looks, and an object listed a moment ago may be gone when read
        await().atMost(Duration.ofSeconds(30)).until(() -> keys().stream()
                .noneMatch(key -> key.startsWith(oldDay)) && !Files.exists(archive.resolve(oldDay)));
        assertThat(keys()).as("recent days stay").isNotEmpty();
    }

    /** The archive files' names below the prefix, relative to it (the directory keys S3Proxy lists left out). */
    private static List<String> keys() {
        return s3.listObjectsV2Paginator(request -> request.bucket(BUCKET).prefix(PREFIX + "/")).contents().stream()
                .map(S3Object::key).filter(key -> !key.endsWith("/")).map(key -> key.substring(PREFIX.length() + 1))
                .toList();
    }

    private static List<IntegratedDelivery> lives(int deliveries, long seed) {
        Random random = new Random(seed);
        List<IntegratedDelivery> records = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            records.addAll(IntegratedDeliveries.life(UUID.randomUUID(), BEFORE_START.plusSeconds(i), i % 4 == 0,
                    random));
        }
        return records;
    }

    /**
     * Every archive file below the prefix, by its name relative to the prefix (S3Proxy's file system store also
     * lists directories, as keys ending in '/').
     */
    private static Map<String, byte[]> objects() {
        Map<String, byte[]> objects = new TreeMap<>();
        for (String key : keys()) {
            objects.put(key, s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(PREFIX + "/" + key))
                    .asByteArray());
        }
        return objects;
    }

    private Map<String, byte[]> localFiles() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(archive)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(archive.relativize(path).toString(), Files.readAllBytes(path));
            }
        }
        return files;
    }
}
