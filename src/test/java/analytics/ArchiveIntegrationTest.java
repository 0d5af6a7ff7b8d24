package analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.TestPropertySource;

import analytics.ArchiveTopic.Sent;
import io.micrometer.core.instrument.MeterRegistry;
import analytics.domain.IntegratedDelivery;
import platform.HttpApi;
import platform.HttpApi.Reply;
import platform.RelayIntegrationTest;
import platform.TestServers;
import platform.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * The archive in the running service on a real broker: integrated records produced to {@code delivery.integrated}
 * end up once each in Parquet files under {@code dt=/hr=}, and the admin endpoint's DuckDB query returns exactly
 * what was produced; what cannot be read is dead-lettered; the endpoint's lock-down and limits over real HTTP;
 * erasure and retention.
 */
@RelayIntegrationTest
@TestPropertySource(properties = {
        "relay.analytics.archive.max-records-per-file=40",
        "relay.analytics.archive.idle-rotation=500ms",
        "relay.analytics.archive.retention=30d",
        "relay.analytics.archive.retention-interval=1s",
        "relay.analytics.archive.query.max-rows=100",
        "relay.analytics.archive.query.time-limit=2s" })
class ArchiveIntegrationTest {

    static final String GROUP = "delivery-relay.archive";
    static final Duration ARCHIVED = Duration.ofSeconds(60);

    static ArchiveTopic topic;

    @LocalServerPort
    int port;

    @Value("${relay.analytics.archive.directory}")
    Path archive;

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void topic() {
        topic = new ArchiveTopic(TestServers.get().kafka().bootstrapServers());
    }

    @AfterAll
    static void close() {
        topic.close();
    }

    HttpApi as(TestUsers.Credentials user) {
        return new HttpApi(port).as(user);
    }

    Reply query(TestUsers.Credentials user, String sql, Object... parameters) {
        StringBuilder json = new StringBuilder("{\"sql\":").append(IntegratedDeliveries.JSON.writeValueAsString(sql))
                .append(",\"parameters\":").append(IntegratedDeliveries.JSON.writeValueAsString(parameters))
                .append('}');
        return as(user).post("/admin/analytics/archive/query", json.toString());
    }

    static List<IntegratedDelivery> lives(int deliveries, Instant start, long seed) {
        Random random = new Random(seed);
        List<IntegratedDelivery> records = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            records.addAll(IntegratedDeliveries.life(UUID.randomUUID(), start.plusSeconds(i), i % 7 == 0, random));
        }
        return records;
    }

    @Test
    void everyProducedRecordIsArchivedOnceAndTheQueryReturnsExactlyWhatWasProduced() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofHours(2));
        List<IntegratedDelivery> records = lives(60, now, 1);
        topic.sendAborted(lives(5, now, 2));
        List<Sent> sent = topic.send(records);

        topic.awaitAllCommitted(GROUP, ARCHIVED);

        Map<String, String> lastStatus = new HashMap<>();
        Map<String, Long> perDelivery = new HashMap<>();
        for (IntegratedDelivery record : records) {
            lastStatus.put(record.deliveryId().toString(), record.status().name());
            perDelivery.merge(record.deliveryId().toString(), 1L, Long::sum);
        }
        String ids = "(" + String.join(",", lastStatus.keySet().stream().map(id -> "'" + id + "'").toList()) + ")";
        JsonNode counts = query(TestUsers.VIEWER, "SELECT count(*), count(DISTINCT (source_partition, source_offset)) "
                + "FROM deliveries WHERE delivery_id IN " + ids).json();
        assertThat(counts.path("rows").get(0).get(0).asLong()).isEqualTo(records.size());
        assertThat(counts.path("rows").get(0).get(1).asLong()).isEqualTo(records.size());

        JsonNode perId = query(TestUsers.OPERATOR, "SELECT delivery_id, arg_max(status, last_sequence), count(*) "
                + "FROM deliveries WHERE delivery_id IN " + ids + " GROUP BY delivery_id").json();
        Map<String, String> archivedStatus = new HashMap<>();
        Map<String, Long> archivedCount = new HashMap<>();
        perId.path("rows").forEach(row -> {
            archivedStatus.put(row.get(0).asString(), row.get(1).asString());
            archivedCount.put(row.get(0).asString(), row.get(2).asLong());
        });
        assertThat(archivedStatus).isEqualTo(lastStatus);
        assertThat(archivedCount).isEqualTo(perDelivery);

        // the source position of every row is that of the record produced
        Sent someRecord = sent.get(sent.size() / 2);
        JsonNode located = query(TestUsers.VIEWER, "SELECT delivery_id, last_sequence FROM deliveries "
                + "WHERE source_partition = ? AND source_offset = ?", someRecord.partition(), someRecord.offset())
                .json();
        assertThat(located.path("rows").get(0).get(0).asString())
                .isEqualTo(someRecord.record().deliveryId().toString());
        assertThat(located.path("rows").get(0).get(1).asLong()).isEqualTo(someRecord.record().lastSequence());

        try (Stream<Path> files = Files.walk(archive)) {
            assertThat(files.filter(Files::isRegularFile).map(archive::relativize).map(Path::toString))
                    .isNotEmpty()
                    .allMatch(path -> path.matches(
                            "dt=\\d{4}-\\d{2}-\\d{2}/hr=\\d{2}/delivery\\.integrated\\+\\d+\\+\\d{19}\\.parquet"));
        }
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheArchiveGoesOn() throws Exception {
        UUID after = UUID.randomUUID();
        var garbage = topic.sendRaw("not-a-delivery".getBytes(), "{\"this\": \"is not a delivery\"".getBytes());
        topic.send(List.of(IntegratedDeliveries.created(after, Instant.now().truncatedTo(ChronoUnit.MICROS))));

        topic.awaitAllCommitted(GROUP, ARCHIVED);

        assertThat(query(TestUsers.VIEWER, "SELECT count(*) FROM deliveries WHERE delivery_id = ?", after.toString())
                .json().path("rows").get(0).get(0).asLong()).isEqualTo(1);
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "archive-dlt-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of("analytics.archive.dlt"));
            await().atMost(ARCHIVED).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    Header offset = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET);
                    Header reason = record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
                    if (offset != null && java.nio.ByteBuffer.wrap(offset.value()).getLong() == garbage.offset()) {
                        assertThat(new String(reason.value())).isEqualTo("the value is not valid JSON");
                        assertThat(new String(record.value())).isEqualTo("{\"this\": \"is not a delivery\"");
                        return true;
                    }
                }
                return false;
            });
        }
    }

    @Test
    void theQueryEndpointIsForOperatorsAndViewersOnly() {
        assertThat(query(TestUsers.VIEWER, "SELECT 1").status()).isEqualTo(200);
        assertThat(query(TestUsers.ORDER_SERVICE, "SELECT 1").status()).isEqualTo(403);
        assertThat(new HttpApi(port).anonymous().post("/admin/analytics/archive/query", "{\"sql\":\"SELECT 1\"}")
                .status()).isEqualTo(401);
    }

    @Test
    void statementsThatWriteOrReachOutsideTheArchiveAreRefusedWithAProblemNeverA500() throws Exception {
        Path outside = Files.writeString(archive.resolveSibling("outside-" + UUID.randomUUID() + ".csv"), "a\n1\n");
        for (String sql : List.of(
                "COPY (SELECT 1 AS x) TO '" + archive + "/dt=2020-01-01/hr=00/planted.parquet' (FORMAT parquet)",
                "ATTACH '" + archive + "/x.duckdb' AS x",
                "INSTALL httpfs",
                "SELECT * FROM read_csv('" + outside + "')",
                "SELECT 1; COPY (SELECT 1) TO '" + archive + "/x.csv'")) {
            Reply reply = query(TestUsers.VIEWER, sql);
            assertThat(reply.status()).as(sql).isEqualTo(403);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.text("type")).isEqualTo("urn:delivery-relay:problem:archive-query-refused");
        }
        assertThat(Files.exists(archive.resolve("dt=2020-01-01"))).isFalse();
        assertThat(Files.exists(archive.resolve("x.duckdb"))).isFalse();
    }

    @Test
    void badSqlIsA400ProblemSayingWhatIsWrong() {
        Reply reply = query(TestUsers.VIEWER, "SELECT no_such_column FROM deliveries");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("type")).isEqualTo("urn:delivery-relay:problem:invalid-archive-query");
        assertThat(reply.text("detail")).contains("no_such_column");
        assertThat(query(TestUsers.VIEWER, "SELEC 1").status()).isEqualTo(400);
        assertThat(as(TestUsers.VIEWER).post("/admin/analytics/archive/query", "{\"parameters\":[]}").status())
                .isEqualTo(400);
        assertThat(query(TestUsers.VIEWER, "SELECT ?", (Object) new int[] { 1 }).status())
                .as("a parameter that is not a scalar").isEqualTo(400);
    }

    @Test
    void rowsAndTimeAreLimited() {
        JsonNode many = query(TestUsers.VIEWER, "SELECT * FROM range(1000)").json();
        assertThat(many.path("rowCount").asInt()).isEqualTo(100);
        assertThat(many.path("truncated").asBoolean()).isTrue();
        assertThat(as(TestUsers.VIEWER).post("/admin/analytics/archive/query",
                "{\"sql\":\"SELECT * FROM range(1000)\",\"maxRows\":7}").json().path("rowCount").asInt())
                .isEqualTo(7);

        Reply slow = query(TestUsers.VIEWER, "SELECT count(*) FROM range(1000000000000)");
        assertThat(slow.status()).isEqualTo(422);
        assertThat(slow.text("type")).isEqualTo("urn:delivery-relay:problem:archive-query-too-expensive");
    }

    @Test
    void anErasureRemovesEveryRowOfTheDeliveryAndKeepsItOut() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofHours(1));
        UUID kim = UUID.randomUUID();
        List<IntegratedDelivery> kims = IntegratedDeliveries.life(kim, now, false, new Random(3));
        List<IntegratedDelivery> others = lives(10, now, 4);
        topic.send(kims);
        topic.send(others);
        topic.awaitAllCommitted(GROUP, ARCHIVED);
        String count = "SELECT count(*) FROM deliveries WHERE delivery_id = ?";
        assertThat(query(TestUsers.VIEWER, count, kim.toString()).json().path("rows").get(0).get(0).asLong())
                .isEqualTo(kims.size());

        assertThat(as(TestUsers.VIEWER).post("/admin/analytics/archive/erasures",
                "{\"deliveryId\":\"" + kim + "\"}").status()).as("operators only").isEqualTo(403);
        Reply erased = as(TestUsers.OPERATOR).post("/admin/analytics/archive/erasures",
                "{\"deliveryId\":\"" + kim + "\"}");

        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.json().path("rowsRemoved").asLong()).isEqualTo(kims.size());
        assertThat(query(TestUsers.VIEWER, count, kim.toString()).json().path("rows").get(0).get(0).asLong())
                .isZero();
        assertThat(query(TestUsers.VIEWER, "SELECT count(*) FROM deliveries WHERE delivery_id IN ("
                + String.join(",", others.stream().map(r -> "'" + r.deliveryId() + "'").distinct().toList()) + ")")
                .json().path("rows").get(0).get(0).asLong()).as("other deliveries untouched").isEqualTo(others.size());

        // a late record of the erased delivery, or a replay, is not archived again
        topic.send(List.of(IntegratedDeliveries.created(kim, now.plusSeconds(3))));
        topic.awaitAllCommitted(GROUP, ARCHIVED);
        assertThat(query(TestUsers.VIEWER, count, kim.toString()).json().path("rows").get(0).get(0).asLong())
                .isZero();

        assertThat(as(TestUsers.OPERATOR).post("/admin/analytics/archive/erasures", "{}").status()).isEqualTo(400);
        assertThat(as(TestUsers.OPERATOR).post("/admin/analytics/archive/erasures", "{\"deliveryId\":\"nope\"}")
                .status()).isEqualTo(400);
    }

    @Test
    void daysOlderThanTheRetentionAreDeleted() throws Exception {
        Instant old = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofDays(40));
        Instant recent = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofMinutes(5));
        UUID oldDelivery = UUID.randomUUID();
        UUID recentDelivery = UUID.randomUUID();
        double archivedBefore = archivedRecords();
        topic.send(List.of(IntegratedDeliveries.created(oldDelivery, old),
                IntegratedDeliveries.created(recentDelivery, recent)));
        // committed = its file was in the archive (the writer commits only after the move)
        topic.awaitAllCommitted(GROUP, ARCHIVED);
        assertThat(archivedRecords() - archivedBefore).as("both were archived").isEqualTo(2);
        String oldDay = "dt=" + old.atZone(java.time.ZoneOffset.UTC).toLocalDate();

        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(archive.resolve(oldDay)));
        assertThat(query(TestUsers.VIEWER, "SELECT count(*) FROM deliveries WHERE delivery_id = ?",
                recentDelivery.toString()).json().path("rows").get(0).get(0).asLong()).isEqualTo(1);
        assertThat(query(TestUsers.VIEWER, "SELECT count(*) FROM deliveries WHERE delivery_id = ?",
                oldDelivery.toString()).json().path("rows").get(0).get(0).asLong()).isZero();
    }

    double archivedRecords() {
        return meters.get("analytics.archive.records").tag("outcome", "archived").counter().count();
    }
}
