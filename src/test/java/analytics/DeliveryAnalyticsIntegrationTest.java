package analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import analytics.adapter.in.streams.DeliveryEventReader;
import analytics.adapter.in.streams.RelayRecords;
import analytics.domain.DeadLetter;
import analytics.domain.DeliveryEvents;
import analytics.domain.IntegratedDelivery;
import analytics.domain.IntegratedDelivery.Status;
import delivery.DeliveryEvent;
import io.micrometer.core.instrument.MeterRegistry;
import outbox.EventEnvelope;
import platform.DeliveryDriver;
import platform.DeliveryEventsProbe;
import platform.HttpApi;
import platform.RelayIntegrationTest;
import platform.TestServers;
import platform.TestUsers;
import tools.jackson.databind.JsonNode;

/** The analytics step on the real broker, fed by the real relay from the real database. */
@RelayIntegrationTest
class DeliveryAnalyticsIntegrationTest {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DSLContext sql;

    @Test
    void everyRelayedEventIsTakenInOnceInSequenceAndARedeliveryIsADuplicate() throws Exception {
        Map<String, Double> before = verdicts();
        List<DeliveryEventsProbe.Event> relayed;
        try (DeliveryEventsProbe events = DeliveryEventsProbe.onTestServers()) {
            List<String> ids = new DeliveryDriver(new HttpApi(port)).wholeLives(20, 4);
            relayed = events.awaitUntil(PATIENCE, r -> r.stream().filter(e -> ids.contains(e.key())).count() == 100);

            await().atMost(PATIENCE).until(() -> delta(before, "in_order") >= 100);
            assertThat(delta(before, "in_order")).isEqualTo(100);
            assertThat(delta(before, "duplicate")).isZero();
            assertThat(delta(before, "gap")).isZero();
            assertThat(delta(before, "late")).isZero();
            assertThat(delta(before, "after_end")).isZero();
        }

        // the relay is at-least-once: after a crash the last records come again, byte for byte
        DeliveryEventsProbe.Event again = relayed.get(relayed.size() / 2);
        Headers headers = new RecordHeaders();
        again.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        try (var producer = producer()) {
            producer.send(new ProducerRecord<>(DeliveryEvent.TOPIC, null, again.timestamp(), again.key(),
                    again.value().getBytes(StandardCharsets.UTF_8), headers)).get();
        }

        await().atMost(PATIENCE).until(() -> delta(before, "duplicate") == 1);
        assertThat(delta(before, "in_order")).isEqualTo(100);
    }

    @Test
    void theLastIntegratedRecordOfEveryDeliveryIsTheDatabasesTruth() throws Exception {
        DeliveryDriver driver = new DeliveryDriver(new HttpApi(port));
        List<String> delivered;
        List<String> cancelled = new ArrayList<>();
        try (IntegratedDeliveriesProbe integrated = new IntegratedDeliveriesProbe();
                ExecutorService cancellations = Executors.newFixedThreadPool(2)) {
            List<Future<String>> cancelling = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                cancelling.add(cancellations.submit(() -> {
                    String id = driver.create();
                    driver.step(id, "assign-rider");
                    Reply reply = cancel(id);
                    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                    return id;
                }));
            }
            delivered = driver.wholeLives(30, 4);
            for (Future<String> future : cancelling) {
                cancelled.add(future.get());
            }
            List<String> all = new ArrayList<>(delivered);
            all.addAll(cancelled);

            Map<String, List<IntegratedDelivery>> records = integrated.awaitUntil(PATIENCE,
                    r -> all.stream().allMatch(id -> r.containsKey(id) && r.get(id).getLast().finished()));

            for (String id : all) {
                List<IntegratedDelivery> lives = records.get(id);
                IntegratedDelivery last = lives.getLast();
                assertThat(lives).as("one record per event, in sequence").extracting(IntegratedDelivery::lastSequence)
                        .containsExactlyElementsOf(
                                java.util.stream.LongStream.rangeClosed(1, last.lastSequence()).boxed().toList());
                Record row = sql.fetchOne("select * from delivery where id = ?", id);
                assertThat(last.status().name()).isEqualTo(row.get("status", String.class));
                assertThat(last.riderId()).isEqualTo(row.get("rider_id", String.class));
                assertThat(last.lastSequence()).isEqualTo(row.get("version", Long.class));
                assertThat(last.orderService()).isEqualTo(row.get("order_service", String.class));
                assertThat(last.orderId()).isEqualTo(row.get("order_id", String.class));
                assertThat(last.deliveryService()).isEqualTo(row.get("delivery_service", String.class));
                assertThat(last.routingRule()).isEqualTo(row.get("routing_rule", String.class));
                assertThat(last.cancelReason()).isEqualTo(row.get("cancel_reason", String.class));
                assertThat(micros(last.createdAt())).isEqualTo(instant(row, "created_at"));
                assertThat(micros(last.riderAssignedAt())).isEqualTo(instant(row, "rider_assigned_at"));
                assertThat(micros(last.pickupReadyRequestedAt())).isEqualTo(instant(row, "pickup_ready_requested_at"));
                assertThat(micros(last.pickedUpAt())).isEqualTo(instant(row, "picked_up_at"));
                assertThat(micros(last.deliveredAt())).isEqualTo(instant(row, "delivered_at"));
                assertThat(micros(last.cancelledAt())).isEqualTo(instant(row, "cancelled_at"));
                assertThat(micros(last.updatedAt())).isEqualTo(instant(row, "updated_at"));
                assertThat(last.totalMillis()).isEqualTo(Duration.between(last.createdAt(),
                        last.deliveredAt() != null ? last.deliveredAt() : last.cancelledAt()).toMillis());
            }
            assertThat(delivered).allSatisfy(id -> assertThat(records.get(id)).hasSize(5));
            assertThat(cancelled).allSatisfy(id -> assertThat(records.get(id).getLast().status())
                    .isEqualTo(Status.CANCELLED));
        }
    }

    @Test
    void theRelayedRecordsReadAsTheDeliveryModulesEvents() throws Exception {
        // the contract, end to end: a domain event → its outbox row → the relay's record → the analytics reader
        DeliveryDriver driver = new DeliveryDriver(new HttpApi(port));
        try (DeliveryEventsProbe events = DeliveryEventsProbe.onTestServers()) {
            String id = driver.create();
            driver.wholeLife(id, Executors.newFixedThreadPool(2));
            List<DeliveryEventsProbe.Event> records = events.awaitUntil(PATIENCE,
                    r -> r.stream().filter(e -> e.key().equals(id)).count() == 5);
            Record row = sql.fetchOne("select * from delivery where id = ?", id);
            DeliveryEventReader reader = new DeliveryEventReader();
            List<DeliveryEvent> read = new ArrayList<>();
            for (DeliveryEventsProbe.Event record : records.stream().filter(e -> e.key().equals(id)).toList()) {
                Headers headers = new RecordHeaders();
                record.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
                var result = reader.read(record.key(), headers, record.value().getBytes(StandardCharsets.UTF_8));
                assertThat(result).as(record.value()).isInstanceOf(DeliveryEventReader.Read.class);
                DeliveryEvent event = ((DeliveryEventReader.Read) result).event();
                assertThat(event.eventId().toString()).isEqualTo(record.eventId());
                assertThat(event.getClass().getSimpleName()).isEqualTo(record.eventType());
                assertThat(event.occurredAt()).isEqualTo(record.occurredAt());
                assertThat(record.timestamp()).isEqualTo(event.occurredAt().toEpochMilli());
                assertThat(((DeliveryEventReader.Read) result).traceparent())
                        .isEqualTo(record.headers().get(EventEnvelope.TRACEPARENT));
                read.add(event);
            }
            assertThat(read).extracting(DeliveryEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
            var created = (DeliveryEvent.DeliveryCreated) read.getFirst();
            assertThat(created.orderService()).isEqualTo(row.get("order_service", String.class));
            assertThat(created.orderId()).isEqualTo(row.get("order_id", String.class));
            assertThat(created.shopName()).isEqualTo(row.get("shop_name", String.class));
            assertThat(created.pickup().address()).isEqualTo(row.get("pickup_address", String.class));
            assertThat(created.pickup().latitude()).isEqualByComparingTo(row.get("pickup_latitude",
                    java.math.BigDecimal.class));
            assertThat(created.dropoff().longitude()).isEqualByComparingTo(row.get("dropoff_longitude",
                    java.math.BigDecimal.class));
            assertThat(micros(created.requestedAt())).isEqualTo(instant(row, "requested_at"));
            assertThat(created.deliveryService()).isEqualTo(row.get("delivery_service", String.class));
            assertThat(created.routingRuleSetVersion()).isEqualTo(row.get("routing_rule_set_version", Long.class));
            assertThat(micros(created.occurredAt())).isEqualTo(instant(row, "created_at"));
            assertThat(read).filteredOn(DeliveryEvent.DeliveryDelivered.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((DeliveryEvent.DeliveryDelivered) e).riderId())
                            .isEqualTo(row.get("rider_id", String.class)));
        }
    }

    @Test
    void aRecordThatCannotBeReadGoesToTheDeadLetterTopicWithItsReason() throws Exception {
        try (var producer = producer()) {
            producer.send(new ProducerRecord<>(DeliveryEvent.TOPIC, "not-a-delivery",
                    "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(DeadLetter.TOPIC));
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if ("not-a-delivery".equals(r.key()) && "garbage".equals(r.value())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            Headers headers = found.getFirst().headers();
            assertThat(RelayRecords.header(headers, DeadLetter.REASON_HEADER)).isEqualTo("no-key");
            assertThat(RelayRecords.header(headers, DeadLetter.SOURCE_TOPIC_HEADER)).isEqualTo(DeliveryEvent.TOPIC);
            assertThat(RelayRecords.header(headers, DeadLetter.SOURCE_OFFSET_HEADER)).matches("\\d+");
        }
    }

    @Test
    void anOperatorReDrivesDeadLettersIntoTheStepOnceAndInOrderOfTheirDelivery() throws Exception {
        HttpApi api = new HttpApi(port);
        assertThat(api.as(TestUsers.VIEWER).post(REDRIVE, "").status()).isEqualTo(403);
        assertThat(api.as(TestUsers.ORDER_SERVICE).post(REDRIVE, "").status()).isEqualTo(403);
        assertThat(api.as(TestUsers.OPERATOR).post(REDRIVE + "?limit=0", "").status()).isEqualTo(400);
        assertThat(api.as(TestUsers.OPERATOR).post(REDRIVE + "?limit=many", "").json().get("type").asString())
                .isEqualTo("urn:delivery-relay:problem:invalid-request");
        // whatever earlier tests dead-lettered is moved (or passed over) first, so that the counts below are ours
        api.as(TestUsers.OPERATOR).post(REDRIVE, "");

        // a delivery whose creation was dead-lettered (say, by a version that could not read it) and fixed since
        DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();
        try (IntegratedDeliveriesProbe integrated = new IntegratedDeliveriesProbe(); var producer = producer()) {
            var assigned = RelayRecords.of(delivery.assigned(2, 2), null);
            producer.send(new ProducerRecord<>(DeliveryEvent.TOPIC, null, assigned.timestamp(), assigned.key(),
                    assigned.value(), assigned.headers())).get();
            var created = RelayRecords.of(delivery.created(1, 0), null);
            Headers deadLettered = created.headers();
            RelayRecords.add(deadLettered, DeadLetter.REASON_HEADER, DeadLetter.Reason.UNKNOWN_EVENT_TYPE.code());
            RelayRecords.add(deadLettered, DeadLetter.DETAIL_HEADER, "not known then");
            RelayRecords.add(deadLettered, DeadLetter.SOURCE_TOPIC_HEADER, DeliveryEvent.TOPIC);
            producer.send(new ProducerRecord<>(DeadLetter.TOPIC, null, created.timestamp(), created.key(),
                    created.value(), deadLettered)).get();
            String key = delivery.deliveryId().toString();
            integrated.awaitUntil(PATIENCE, r -> r.containsKey(key));

            HttpApi.Reply reply = api.as(TestUsers.OPERATOR).post(REDRIVE, "");

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode report = reply.json();
            assertThat(report.get("redriven").asInt()).isEqualTo(1);
            assertThat(report.get("byReason").get("unknown-event-type").asInt()).isEqualTo(1);
            Map<String, List<IntegratedDelivery>> records = integrated.awaitUntil(PATIENCE,
                    r -> r.get(key).size() == 2);
            IntegratedDelivery filled = records.get(key).getLast();
            assertThat(filled.orderService()).isEqualTo("baemin-orders");
            assertThat(filled.status()).as("the late creation does not move the status back")
                    .isEqualTo(Status.RIDER_ASSIGNED);
            assertThat(filled.toAssignmentMillis()).isEqualTo(Duration.ofMinutes(2).toMillis());
            assertThat(api.as(TestUsers.OPERATOR).post(REDRIVE, "").json().get("redriven").asInt())
                    .as("nothing is re-driven twice").isZero();
        }
    }

    static final String REDRIVE = "/admin/analytics/dead-letters/redrive";

    private record Reply(int status, String body) {
    }

    private Reply cancel(String id) {
        HttpApi.Reply reply = new HttpApi(port).post("/deliveries/" + id + "/cancel", "{\"reason\":\"shop closed\"}");
        return new Reply(reply.status(), reply.body());
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant instant(Record row, String column) {
        LocalDateTime time = row.get(column, LocalDateTime.class);
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    private Map<String, Double> verdicts() {
        Map<String, Double> counts = new java.util.HashMap<>();
        for (String verdict : Set.of("in_order", "duplicate", "gap", "late", "after_end")) {
            counts.put(verdict, verdict(verdict));
        }
        return counts;
    }

    private double delta(Map<String, Double> before, String verdict) {
        return verdict(verdict) - before.get(verdict);
    }

    private double verdict(String verdict) {
        var counter = meters.find("analytics.delivery.events").tag("verdict", verdict).counter();
        return counter == null ? 0 : counter.count();
    }
}
