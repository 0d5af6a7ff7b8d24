package analytics.adapter.in.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import analytics.IntegratedRecords;
import analytics.domain.AlarmEvaluator;
import analytics.domain.AlarmEvent;
import analytics.domain.AlarmSnapshot;
import analytics.domain.AlarmThresholds;
import analytics.domain.DeadLetter;
import analytics.domain.IntegratedDelivery;
import analytics.domain.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The live view and the alarm evaluator on {@link TopologyTestDriver}: counts per status through every transition,
 * cancellations, expiries and duplicates; alarms raised and cleared as their windows move, with hysteresis.
 */
class LiveStatusTopologyUnitTest {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final Duration TICK = Duration.ofSeconds(5);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TopologyTestDriver driver;
    TestInputTopic<String, String> integrated;
    TestInputTopic<String, String> deadLetters;
    TestOutputTopic<String, String> alarmEvents;
    TestOutputTopic<String, String> unreadable;

    static AlarmThresholds thresholds(int stuckCount, double clearRatio, Duration minActive) {
        return new AlarmThresholds(minActive, clearRatio,
                new AlarmThresholds.Stuck(Duration.ofMinutes(10), stuckCount, Severity.CRITICAL),
                new AlarmThresholds.Cancellations(Duration.ofMinutes(2), 0.5, 4, Severity.CRITICAL),
                new AlarmThresholds.IntakeSurge(Duration.ofMinutes(1), Duration.ofMinutes(10), 3, 0.1, Severity.WARNING,
                        Severity.SHED, 2),
                new AlarmThresholds.RelayLag(Duration.ofSeconds(30), Severity.WARNING),
                new AlarmThresholds.DeadLetters(Duration.ofMinutes(1), 1, Severity.WARNING));
    }

    void start(AlarmThresholds thresholds) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "live-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        driver = new TopologyTestDriver(LiveStatusTopology.topology(thresholds, TICK, meters), config, T0);
        integrated = driver.createInputTopic(IntegratedDelivery.TOPIC, new StringSerializer(),
                new StringSerializer());
        deadLetters = driver.createInputTopic(DeadLetter.TOPIC, new StringSerializer(),
                new StringSerializer());
        alarmEvents = driver.createOutputTopic(LiveStatusTopology.ALARMS_TOPIC, new StringDeserializer(),
                new StringDeserializer());
        unreadable = driver.createOutputTopic(LiveStatusTopology.UNREADABLE_INTEGRATED_TOPIC, new StringDeserializer(),
                new StringDeserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    void send(IntegratedDelivery delivery) {
        integrated.pipeInput(delivery.deliveryId().toString(), JsonSerde.JSON.writeValueAsString(delivery),
                delivery.updatedAt());
    }

    Map<String, Long> counts() {
        KeyValueStore<String, ValueAndTimestamp<Long>> store = driver.getTimestampedKeyValueStore(
                LiveStatusTopology.COUNTS_STORE);
        Map<String, Long> counts = new TreeMap<>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.value() != 0) {
                    counts.put(entry.key, entry.value.value());
                }
            });
        }
        return counts;
    }

    Map<String, Long> globalCounts() {
        KeyValueStore<String, ValueAndTimestamp<Long>> store = driver.getTimestampedKeyValueStore(
                LiveStatusTopology.GLOBAL_COUNTS_STORE);
        Map<String, Long> counts = new TreeMap<>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.value() != 0) {
                    counts.put(entry.key, entry.value.value());
                }
            });
        }
        return counts;
    }

    long inProgress() {
        KeyValueStore<String, ?> store = driver.getTimestampedKeyValueStore(LiveStatusTopology.LIVE_STORE);
        return store.approximateNumEntries();
    }

    /** Two ticks: the live partitions report, then the evaluator runs on what they reported. */
    void tick() {
        driver.advanceWallClockTime(TICK);
        driver.advanceWallClockTime(TICK);
    }

    Instant now() {
        return T0.plus(elapsed);
    }

    Duration elapsed = Duration.ZERO;

    void advance(Duration duration) {
        for (Duration d = Duration.ZERO; d.compareTo(duration) < 0; d = d.plus(TICK)) {
            driver.advanceWallClockTime(TICK);
            elapsed = elapsed.plus(TICK);
        }
    }

    AlarmSnapshot snapshot() {
        KeyValueStore<String, ValueAndTimestamp<String>> store = driver.getTimestampedKeyValueStore(
                LiveStatusTopology.ALARM_STATE_STORE);
        return JsonSerde.JSON.readValue(store.get(LiveStatusTopology.ALARM_STATE_KEY).value(), AlarmSnapshot.class);
    }

    List<AlarmEvent> events() {
        return alarmEvents.readValuesToList().stream()
                .map(json -> JsonSerde.JSON.readValue(json, AlarmEvent.class)).toList();
    }

    @Test
    void countsFollowADeliveryThroughEveryTransitionAndLetGoWhenItIsDelivered() {
        start(thresholds(100, 0.8, Duration.ZERO));
        IntegratedRecords life = IntegratedRecords.delivery("baemin-orders");
        Instant t = T0;

        send(life.created(t));
        assertThat(counts()).containsExactly(Map.entry("CREATED", 1L));
        send(life.riderAssigned(t = t.plusSeconds(5)));
        assertThat(counts()).containsExactly(Map.entry("RIDER_ASSIGNED", 1L));
        send(life.pickupReadyRequested(t = t.plusSeconds(5)));
        assertThat(counts()).containsExactly(Map.entry("PICKUP_READY_REQUESTED", 1L));
        send(life.pickedUp(t = t.plusSeconds(5)));
        assertThat(counts()).containsExactly(Map.entry("PICKED_UP", 1L));
        assertThat(globalCounts()).as("every instance reads the same counts").isEqualTo(counts());
        assertThat(inProgress()).isEqualTo(1);

        send(life.delivered(t.plusSeconds(5)));
        assertThat(counts()).isEmpty();
        assertThat(globalCounts()).isEmpty();
        assertThat(inProgress()).as("a finished delivery leaves the live store").isZero();
    }

    @Test
    void pickupReadyBeforeTheRiderKeepsItsStatusWhenTheRiderComes() {
        start(thresholds(100, 0.8, Duration.ZERO));
        IntegratedRecords life = IntegratedRecords.delivery("baemin-orders");
        send(life.created(T0));
        send(life.pickupReadyRequested(T0.plusSeconds(1)));
        send(life.riderAssigned(T0.plusSeconds(2)));

        assertThat(counts()).containsExactly(Map.entry("PICKUP_READY_REQUESTED", 1L));
    }

    @Test
    void cancellationsAndExpiriesAreSubtractedFromTheStatusTheyLeft() {
        start(thresholds(100, 0.8, Duration.ZERO));
        IntegratedRecords cancelled = IntegratedRecords.delivery("baemin-orders");
        IntegratedRecords expired = IntegratedRecords.delivery("yogiyo");
        IntegratedRecords running = IntegratedRecords.delivery("yogiyo");
        send(cancelled.created(T0));
        send(expired.created(T0));
        send(expired.riderAssigned(T0.plusSeconds(1)));
        send(running.created(T0.plusSeconds(2)));
        assertThat(counts()).containsExactly(Map.entry("CREATED", 2L), Map.entry("RIDER_ASSIGNED", 1L));

        send(cancelled.cancelled(T0.plusSeconds(3)));
        send(expired.expired(T0.plus(Duration.ofHours(2))));

        assertThat(counts()).containsExactly(Map.entry("CREATED", 1L));
        assertThat(globalCounts()).containsExactly(Map.entry("CREATED", 1L));
        assertThat(inProgress()).isEqualTo(1);
    }

    @Test
    void aRepeatedRecordChangesNoCount() {
        start(thresholds(100, 0.8, Duration.ZERO));
        IntegratedRecords life = IntegratedRecords.delivery("baemin-orders");
        IntegratedDelivery created = life.created(T0);
        IntegratedDelivery assigned = life.riderAssigned(T0.plusSeconds(1));
        send(created);
        send(created);
        send(assigned);
        send(assigned);

        assertThat(counts()).containsExactly(Map.entry("RIDER_ASSIGNED", 1L));
        IntegratedDelivery delivered = life.delivered(T0.plusSeconds(2));
        send(delivered);
        send(delivered);
        assertThat(counts()).isEmpty();
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndChangesNothing() {
        start(thresholds(100, 0.8, Duration.ZERO));
        integrated.pipeInput("d-1", "{not json");
        integrated.pipeInput("d-2", "{\"deliveryId\":\"not-a-uuid\"}");
        integrated.pipeInput("d-3", (String) null);

        Map<String, String> asSent = new java.util.HashMap<>(
                Map.of("d-1", "{not json", "d-2", "{\"deliveryId\":\"not-a-uuid\"}"));
        asSent.put("d-3", null);
        assertThat(unreadable.readKeyValuesToMap()).as("dead-lettered as sent").containsExactlyInAnyOrderEntriesOf(asSent);
        assertThat(counts()).isEmpty();
    }

    @Test
    void stuckDeliveriesRaiseTheAlarmWhichClearsOnlyBelowItsClearLevel() {
        // raised at 4 stuck, cleared at 2 or fewer
        start(thresholds(4, 0.5, Duration.ZERO));
        Instant longAgo = T0.minus(Duration.ofMinutes(30));
        List<IntegratedRecords> stuck = List.of(IntegratedRecords.delivery("a"), IntegratedRecords.delivery("a"),
                IntegratedRecords.delivery("a"), IntegratedRecords.delivery("a"));
        stuck.forEach(life -> send(life.created(longAgo)));
        send(IntegratedRecords.delivery("a").created(T0));   // fresh: not stuck

        tick();
        List<AlarmEvent> raised = events();
        assertThat(raised).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(AlarmEvent.Kind.RAISED);
            assertThat(event.alarmId()).isEqualTo(AlarmEvaluator.STUCK);
            assertThat(event.value()).isEqualTo(4);
            assertThat(event.severity()).isEqualTo(Severity.CRITICAL);
        });
        assertThat(snapshot().active()).extracting(a -> a.id()).containsExactly(AlarmEvaluator.STUCK);
        assertThat(snapshot().stuck().get("CREATED").count()).isEqualTo(4);

        send(stuck.get(0).delivered(T0));   // 3 stuck: below the threshold, above the clear level
        tick();
        assertThat(events()).as("no flapping").isEmpty();
        assertThat(snapshot().active()).hasSize(1);

        send(stuck.get(1).cancelled(T0));   // 2 stuck: at the clear level
        tick();
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(AlarmEvent.Kind.CLEARED);
            assertThat(event.alarmId()).isEqualTo(AlarmEvaluator.STUCK);
        });
        assertThat(snapshot().active()).isEmpty();
    }

    @Test
    void aRaisedAlarmStaysAtLeastItsMinimumTime() {
        start(thresholds(1, 0.8, Duration.ofMinutes(1)));
        IntegratedRecords life = IntegratedRecords.delivery("a");
        send(life.created(T0.minus(Duration.ofHours(1))));
        tick();
        assertThat(events()).extracting(AlarmEvent::kind).containsExactly(AlarmEvent.Kind.RAISED);

        send(life.delivered(T0));
        tick();
        assertThat(events()).as("condition gone, but raised only 10 s ago").isEmpty();

        advance(Duration.ofMinutes(1));
        assertThat(events()).extracting(AlarmEvent::kind).containsExactly(AlarmEvent.Kind.CLEARED);
    }

    @Test
    void cancellationRatioIsJudgedOverItsWindowOnceEnoughDeliveriesFinished() {
        start(thresholds(100, 0.8, Duration.ZERO));
        for (int i = 0; i < 3; i++) {
            IntegratedRecords life = IntegratedRecords.delivery("a");
            send(life.created(T0));
            send(life.cancelled(T0.plusSeconds(1)));
        }
        tick();
        assertThat(events()).as("3 finished: too few to judge").isEmpty();

        IntegratedRecords delivered = IntegratedRecords.delivery("a");
        send(delivered.created(T0));
        send(delivered.delivered(T0.plusSeconds(2)));
        tick();
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.alarmId()).isEqualTo(AlarmEvaluator.CANCELLATIONS);
            assertThat(event.value()).isEqualTo(0.75);
        });

        advance(Duration.ofMinutes(3));   // the window moved past them
        assertThat(events()).extracting(AlarmEvent::alarmId, AlarmEvent::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlarmEvaluator.CANCELLATIONS,
                        AlarmEvent.Kind.CLEARED));
    }

    @Test
    void oneOrderServiceSurgingRaisesASheddingAlarmForIt() {
        start(thresholds(100, 0.8, Duration.ZERO));
        // 0.1/s normal is the floor: 3 × 0.1 × 60 s = 18 hand-overs within the minute make a surge
        for (int i = 0; i < 20; i++) {
            send(IntegratedRecords.delivery("flood-orders").created(T0.plusSeconds(i)));
        }
        send(IntegratedRecords.delivery("calm-orders").created(T0));
        advance(Duration.ofSeconds(25));
        List<AlarmEvent> raised = events();
        assertThat(raised).extracting(AlarmEvent::alarmId)
                .contains(AlarmEvaluator.ORDER_SERVICE_SURGE + ":flood-orders")
                .doesNotContain(AlarmEvaluator.ORDER_SERVICE_SURGE + ":calm-orders");
        assertThat(raised).filteredOn(e -> e.alarmId().endsWith("flood-orders")).singleElement()
                .satisfies(event -> {
                    assertThat(event.severity()).isEqualTo(Severity.SHED);
                    assertThat(event.orderService()).isEqualTo("flood-orders");
                });
    }

    @Test
    void deadLettersRaiseTheirAlarmUntilTheWindowHasPassedThem() {
        start(thresholds(100, 0.8, Duration.ZERO));
        deadLetters.pipeInput("bad", "garbage", T0);
        tick();
        assertThat(events()).extracting(AlarmEvent::alarmId).containsExactly(AlarmEvaluator.DEAD_LETTERS);

        advance(Duration.ofMinutes(2));
        assertThat(events()).extracting(AlarmEvent::alarmId, AlarmEvent::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlarmEvaluator.DEAD_LETTERS,
                        AlarmEvent.Kind.CLEARED));
        assertThat(meters.counter("analytics.dead.letters.seen").count()).isEqualTo(1);
    }

    @Test
    void aCatchUpOfOldRecordsIsNoSurge() {
        start(thresholds(100, 0.8, Duration.ZERO));
        Instant yesterday = T0.minus(Duration.ofDays(1));
        for (int i = 0; i < 50; i++) {
            send(IntegratedRecords.delivery("catching-up").created(yesterday.plusSeconds(i)));
        }
        tick();
        assertThat(events()).extracting(AlarmEvent::alarmId)
                .noneMatch(id -> id.startsWith(AlarmEvaluator.INTAKE_SURGE)
                        || id.startsWith(AlarmEvaluator.ORDER_SERVICE_SURGE));
    }
}
