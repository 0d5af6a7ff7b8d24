package analytics.adapter.in.streams;

import static analytics.domain.DeliveryEvents.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

import analytics.application.AnalyticsProperties;
import analytics.domain.DeadLetter;
import analytics.domain.DeliveryEvents;
import analytics.domain.IntegratedDelivery;
import analytics.domain.IntegratedDelivery.Outcome;
import analytics.domain.IntegratedDelivery.Status;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import delivery.DeliveryEvent;
import delivery.DeliveryStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import outbox.EventEnvelope;

/**
 * The analytics step on {@code TopologyTestDriver}: stream time moves with the records piped in (their timestamps,
 * as on the real topic: when the events happened), the wall clock only when the test advances it. Every record
 * the step publishes is checked against the {@code delivery.integrated} JSON Schema.
 */
class DeliveryIntegrationTopologyUnitTest {

    static final Duration IDLE = Duration.ofHours(6);
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration SWEEP = Duration.ofMinutes(1);
    static final Duration BACKSTOP = Duration.ofMinutes(5);
    static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<byte[]> published = new ArrayList<>();
    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> events;
    TestInputTopic<String, byte[]> redrive;
    TestOutputTopic<String, byte[]> integrated;
    TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void setUp() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        AnalyticsProperties settings = new AnalyticsProperties(true, IDLE, RETENTION, SWEEP, BACKSTOP,
                new AnalyticsProperties.Topics(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(7)),
                new AnalyticsProperties.Redrive(100, Duration.ofSeconds(1)),
                new AnalyticsProperties.StateStores(DataSize.ofMegabytes(128), DataSize.ofMegabytes(64)));
        driver = new TopologyTestDriver(DeliveryIntegrationTopology.topology(settings, meters, config), config,
                DeliveryEvents.START);
        events = driver.createInputTopic(DeliveryEvent.TOPIC, new StringSerializer(), new ByteArraySerializer());
        redrive = driver.createInputTopic(DeadLetter.REDRIVE_TOPIC, new StringSerializer(), new ByteArraySerializer());
        integrated = driver.createOutputTopic(IntegratedDelivery.TOPIC, new StringDeserializer(),
                new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(DeadLetter.TOPIC, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void aWholeLifeGivesOneIntegratedRecordPerEventWithTheRightDurations() {
        DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();

        for (DeliveryEvent event : delivery.wholeLife()) {
            send(event);
        }

        List<TestRecord<String, byte[]>> records = integrated.readRecordsToList();
        assertThat(records).hasSize(5).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(delivery.deliveryId().toString());
            assertThat(RelayRecords.header(record.headers(), EventEnvelope.TRACEPARENT)).isEqualTo(TRACE);
            assertThat(RelayRecords.header(record.headers(), EventEnvelope.CONTENT_TYPE)).isEqualTo("application/json");
        });
        List<IntegratedDelivery> lives = records.stream().map(r -> read(r.value())).toList();
        assertThat(lives).extracting(IntegratedDelivery::status).containsExactly(Status.CREATED,
                Status.RIDER_ASSIGNED, Status.PICKUP_READY_REQUESTED, Status.PICKED_UP, Status.DELIVERED);
        assertThat(lives).extracting(IntegratedDelivery::lastSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        IntegratedDelivery last = lives.getLast();
        assertThat(last.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(last.toAssignmentMillis()).isEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(last.pickupWaitMillis()).isEqualTo(Duration.ofMinutes(7).toMillis());
        assertThat(last.toDeliveryMillis()).isEqualTo(Duration.ofMinutes(15).toMillis());
        assertThat(last.totalMillis()).isEqualTo(Duration.ofMinutes(25).toMillis());
        assertThat(last.traceparent()).isEqualTo(TRACE);
        assertThat(records.getLast().timestamp()).isEqualTo(minute(25).toEpochMilli());
        assertThat(verdict("in_order")).isEqualTo(5);
        assertThat(inProgress()).isEmpty();
        assertThat(ended()).containsOnlyKeys(delivery.deliveryId().toString());
    }

    @Test
    void theIntegratedRecordIsJacksonsDefaultJsonWithEveryFieldPresent() {
        DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();
        send(delivery.created(1, 0));

        String json = new String(integrated.readValue(), StandardCharsets.UTF_8);

        // the archive reads this form: ISO-8601 instants, nulls written out
        assertThat(json).contains("\"createdAt\":\"2026-11-26T12:00:00Z\"").contains("\"riderId\":null")
                .contains("\"latitude\":37.4981");
    }

    @Test
    void duplicatesChangeNothingAndLateEventsFillTheirFactsWithoutMovingTheStatusBack() {
        DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();
        send(delivery.created(1, 0));
        send(delivery.pickupReady(3, 3));
        send(delivery.pickedUp(4, 10));
        send(delivery.created(1, 0));
        assertThat(integrated.readValuesToList()).hasSize(3);

        send(delivery.assigned(2, 2));

        IntegratedDelivery late = read(integrated.readValue());
        assertThat(late.status()).isEqualTo(Status.PICKED_UP);
        assertThat(late.riderAssignedAt()).isEqualTo(minute(2));
        assertThat(late.toAssignmentMillis()).isEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(late.lastSequence()).isEqualTo(4);
        assertThat(verdict("duplicate")).isEqualTo(1);
        assertThat(verdict("gap")).isEqualTo(1);
        assertThat(verdict("late")).isEqualTo(1);
        assertThat(verdict("in_order")).isEqualTo(2);
        assertThat(integrated.isEmpty()).isTrue();
    }

    @Test
    void aCancellationEndsTheDeliveryAndEmptiesTheStore() {
        DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();
        send(delivery.created(1, 0));
        send(delivery.assigned(2, 1));

        send(delivery.cancelled(3, 4, DeliveryStatus.RIDER_ASSIGNED, "customer changed their mind"));

        IntegratedDelivery last = integrated.readValuesToList().stream().map(this::read).toList().getLast();
        assertThat(last.status()).isEqualTo(Status.CANCELLED);
        assertThat(last.cancelReason()).isEqualTo("customer changed their mind");
        assertThat(last.totalMillis()).isEqualTo(Duration.ofMinutes(4).toMillis());
        assertThat(inProgress()).isEmpty();
        assertThat(counter("analytics.deliveries.ended", "outcome", "cancelled")).isEqualTo(1);
    }

    @Test
    void anIdleDeliveryExpiresInStreamTime() {
        DeliveryEvents idle = DeliveryEvents.ofNewDelivery();
        send(idle.created(1, 0));
        send(idle.assigned(2, 5));
        integrated.readValuesToList();

        // stream time moves on with another delivery's events: just before, then past the idle deadline
        DeliveryEvents other = DeliveryEvents.ofNewDelivery();
        send(other.created(1, 5 + IDLE.toMinutes() - 1));
        assertThat(statuses()).containsExactly(Status.CREATED);
        send(other.assigned(2, 5 + IDLE.toMinutes() + 1));

        List<TestRecord<String, byte[]>> records = integrated.readRecordsToList();
        TestRecord<String, byte[]> expiry = records.stream()
                .filter(r -> r.key().equals(idle.deliveryId().toString())).findFirst().orElseThrow();
        IntegratedDelivery expired = read(expiry.value());
        assertThat(expired.status()).isEqualTo(Status.EXPIRED);
        assertThat(expired.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(expired.expiredAt()).isEqualTo(minute(5).plus(IDLE));
        assertThat(expired.riderId()).isEqualTo("rider-7");
        assertThat(expiry.timestamp()).isEqualTo(minute(5).plus(IDLE).toEpochMilli());
        assertThat(inProgress()).containsOnlyKeys(other.deliveryId().toString());
        assertThat(counter("analytics.deliveries.ended", "outcome", "expired")).isEqualTo(1);
    }

    @Test
    void whenStreamTimeStallsTheWallClockBackstopExpiresIdleDeliveries() {
        DeliveryEvents idle = DeliveryEvents.ofNewDelivery();
        send(idle.created(1, 0));
        integrated.readValuesToList();

        driver.advanceWallClockTime(BACKSTOP); // the backstop's first look: stream time is where the record put it
        driver.advanceWallClockTime(IDLE.minus(BACKSTOP).minusMinutes(1));
        assertThat(integrated.isEmpty()).as("idle for less than the timeout by the wall clock").isTrue();

        driver.advanceWallClockTime(BACKSTOP);

        IntegratedDelivery expired = read(integrated.readValue());
        assertThat(expired.status()).isEqualTo(Status.EXPIRED);
        assertThat(expired.expiredAt()).isEqualTo(minute(0).plus(IDLE));
        assertThat(inProgress()).isEmpty();
    }

    @Test
    void theStoresEmptyOnceEveryDeliveryHasFinishedOrExpiredAndBeenForgotten() {
        List<DeliveryEvents> deliveries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();
            deliveries.add(delivery);
            switch (i % 3) {
                case 0 -> List.of(delivery.wholeLife()).forEach(this::send);
                case 1 -> {
                    send(delivery.created(1, i));
                    send(delivery.cancelled(2, i + 1, DeliveryStatus.CREATED, null));
                }
                default -> {
                    send(delivery.created(1, i));
                    send(delivery.assigned(2, i + 2));
                }
            }
        }
        assertThat(inProgress()).hasSize(4);
        assertThat(ended()).hasSize(8);

        // stream time past the idle timeout: the four unfinished ones expire
        DeliveryEvents late = DeliveryEvents.ofNewDelivery();
        send(late.created(1, IDLE.toMinutes() + 60));
        send(late.cancelled(2, IDLE.toMinutes() + 61, DeliveryStatus.CREATED, null));
        assertThat(inProgress()).isEmpty();
        assertThat(ended()).hasSize(13);
        assertThat(counter("analytics.deliveries.ended", "outcome", "expired")).isEqualTo(4);

        // then the wall clock, with stream time stalled, past the retention: everything is forgotten
        driver.advanceWallClockTime(BACKSTOP);
        driver.advanceWallClockTime(RETENTION.plus(BACKSTOP));

        assertThat(inProgress()).isEmpty();
        assertThat(ended()).isEmpty();
        assertThat(all(DeliveryIntegrationTopology.DEADLINES_STORE)).isEmpty();
    }

    @Test
    void aFinishedDeliverysEventsReplayedChangeNothing() {
        DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();
        List.of(delivery.wholeLife()).forEach(this::send);
        integrated.readValuesToList();
        double integratedBefore = counter("analytics.deliveries.integrated");

        // the relay is at-least-once: after a crash the same events come again
        List.of(delivery.wholeLife()).forEach(this::send);
        send(delivery.cancelled(6, 40, DeliveryStatus.DELIVERED, "replayed nonsense"));

        assertThat(integrated.isEmpty()).isTrue();
        assertThat(counter("analytics.deliveries.integrated")).isEqualTo(integratedBefore);
        assertThat(verdict("duplicate")).isEqualTo(5);
        assertThat(verdict("after_end")).isEqualTo(1);
        assertThat(inProgress()).isEmpty();
        assertThat(counter("analytics.deliveries.ended", "outcome", "delivered")).isEqualTo(1);
    }

    @Test
    void anExpiredDeliveryIsNotRevivedWithinTheRetentionButForgottenAfterIt() {
        DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();
        send(delivery.created(1, 0));
        DeliveryEvents clock = DeliveryEvents.ofNewDelivery();
        send(clock.created(1, IDLE.toMinutes() + 2));
        integrated.readValuesToList();

        send(delivery.assigned(2, IDLE.toMinutes() + 3));

        assertThat(integrated.isEmpty()).isTrue();
        assertThat(verdict("after_end")).isEqualTo(1);
        assertThat(inProgress()).containsOnlyKeys(clock.deliveryId().toString());
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicWithTheReasonAndTheStreamGoesOn() {
        DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();
        DeliveryEvent created = delivery.created(1, 0);
        TestRecord<String, byte[]> good = RelayRecords.of(created, TRACE);
        Map<String, TestRecord<String, byte[]>> bad = new java.util.LinkedHashMap<>();
        bad.put("no-key", new TestRecord<>(null, good.value(), good.headers(), good.timestamp()));
        bad.put("bad-envelope", withHeader(good, EventEnvelope.SEQUENCE, "one"));
        bad.put("unknown-event-type", withHeader(good, EventEnvelope.EVENT_TYPE, "DeliveryTeleported"));
        bad.put("unsupported-schema-version", withHeader(good, EventEnvelope.SCHEMA_VERSION, "2"));
        bad.put("unreadable-payload", new TestRecord<>(good.key(), "{not json".getBytes(StandardCharsets.UTF_8),
                good.headers(), good.timestamp()));
        bad.put("missing-field", new TestRecord<>(good.key(),
                new String(good.value(), StandardCharsets.UTF_8).replace("\"orderId\":\"B-1\",", "")
                        .getBytes(StandardCharsets.UTF_8),
                good.headers(), good.timestamp()));
        bad.put("disagreeing-key", new TestRecord<>(UUID.randomUUID().toString(), good.value(), good.headers(),
                good.timestamp()));
        bad.values().forEach(events::pipeInput);
        send(created);

        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> RelayRecords.header(r.headers(), DeadLetter.REASON_HEADER)).containsExactly(
                "no-key", "bad-envelope", "unknown-event-type", "unsupported-schema-version", "unreadable-payload",
                "unreadable-payload", "bad-envelope");
        assertThat(dead).allSatisfy(record -> {
            assertThat(RelayRecords.header(record.headers(), DeadLetter.SOURCE_TOPIC_HEADER))
                    .isEqualTo(DeliveryEvent.TOPIC);
            assertThat(RelayRecords.header(record.headers(), DeadLetter.SOURCE_PARTITION_HEADER)).isEqualTo("0");
            assertThat(RelayRecords.header(record.headers(), DeadLetter.SOURCE_OFFSET_HEADER)).matches("\\d+");
            assertThat(RelayRecords.header(record.headers(), DeadLetter.DETAIL_HEADER)).isNotBlank();
            assertThat(RelayRecords.header(record.headers(), EventEnvelope.EVENT_ID))
                    .as("the original headers stay").isEqualTo(created.eventId().toString());
        });
        assertThat(dead).extracting(r -> RelayRecords.header(r.headers(), DeadLetter.SOURCE_OFFSET_HEADER))
                .containsExactly("0", "1", "2", "3", "4", "5", "6");
        assertThat(RelayRecords.header(dead.get(5).headers(), DeadLetter.DETAIL_HEADER))
                .isEqualTo("DeliveryCreated without orderId");
        assertThat(dead.get(4).value()).isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(counter("analytics.delivery.events.dead.lettered", "reason", "unreadable-payload")).isEqualTo(2);
        assertThat(statuses()).containsExactly(Status.CREATED);
    }

    @Test
    void reDrivenEventsMeetTheirDeliveryInTheSameStep() {
        DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();
        send(delivery.created(1, 0));
        send(delivery.pickupReady(3, 3));
        integrated.readValuesToList();

        // the rider assignment was dead-lettered, fixed, and re-driven by an operator
        redrive.pipeInput(RelayRecords.of(delivery.assigned(2, 2), TRACE));
        redrive.pipeInput(RelayRecords.of(delivery.assigned(2, 2), TRACE));

        List<IntegratedDelivery> records = integrated.readValuesToList().stream().map(this::read).toList();
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().status()).isEqualTo(Status.PICKUP_READY_REQUESTED);
        assertThat(records.getFirst().riderId()).isEqualTo("rider-7");
        assertThat(verdict("late")).isEqualTo(1);
        assertThat(verdict("duplicate")).isEqualTo(1);
    }

    @Test
    void logLinesOfTheStepCarryTheTraceOfTheChange() {
        Logger logger = (Logger) LoggerFactory.getLogger(DeliveryIntegrationProcessor.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            DeliveryEvents delivery = DeliveryEvents.ofNewDelivery();
            send(delivery.assigned(2, 1)); // a gap: logged

            assertThat(lines.list).isNotEmpty().allSatisfy(line -> assertThat(line.getMDCPropertyMap())
                    .containsEntry(TraceContext.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736")
                    .containsEntry(TraceContext.SPAN_ID, "00f067aa0ba902b7"));
            assertThat(org.slf4j.MDC.get(TraceContext.TRACE_ID)).as("cleared after the record").isNull();
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void everyStoreAndTopicIsNamedExplicitly() {
        // building with ensure.explicit.internal.resource.naming=true (setUp) refuses generated names; and:
        assertThat(driver.producedTopicNames()).isEmpty();
        assertThatCode(() -> send(DeliveryEvents.ofNewDelivery().created(1, 0))).doesNotThrowAnyException();
        assertThat(driver.producedTopicNames()).contains(IntegratedDelivery.TOPIC,
                "analytics-test-" + DeliveryIntegrationTopology.IN_PROGRESS_STORE + "-changelog",
                "analytics-test-" + DeliveryIntegrationTopology.DEADLINES_STORE + "-changelog");
    }

    private void send(DeliveryEvent event) {
        events.pipeInput(RelayRecords.of(event, TRACE));
    }

    private static TestRecord<String, byte[]> withHeader(TestRecord<String, byte[]> record, String name, String value) {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray());
        headers.remove(name);
        RelayRecords.add(headers, name, value);
        return new TestRecord<>(record.key(), record.value(), headers, record.timestamp());
    }

    private IntegratedDelivery read(byte[] json) {
        IntegratedDeliverySchema.assertValid(json);
        published.add(json);
        return new JsonSerde<>(IntegratedDelivery.class).deserializer().deserialize(IntegratedDelivery.TOPIC, json);
    }

    private List<Status> statuses() {
        return integrated.readValuesToList().stream().map(this::read).map(IntegratedDelivery::status).toList();
    }

    private Map<String, Object> inProgress() {
        return all(DeliveryIntegrationTopology.IN_PROGRESS_STORE);
    }

    private Map<String, Object> ended() {
        return all(DeliveryIntegrationTopology.ENDED_STORE);
    }

    private Map<String, Object> all(String store) {
        KeyValueStore<String, Object> kv = driver.getKeyValueStore(store);
        Map<String, Object> entries = new java.util.LinkedHashMap<>();
        try (KeyValueIterator<String, Object> it = kv.all()) {
            while (it.hasNext()) {
                KeyValue<String, Object> entry = it.next();
                entries.put(entry.key, entry.value);
            }
        }
        return entries;
    }

    private double verdict(String verdict) {
        return counter("analytics.delivery.events", "verdict", verdict);
    }

    private double counter(String name, String... tags) {
        return meters.counter(name, tags).count();
    }
}
