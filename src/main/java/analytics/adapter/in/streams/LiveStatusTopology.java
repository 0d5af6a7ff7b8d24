package analytics.adapter.in.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import analytics.domain.Alarm;
import analytics.domain.AlarmEvaluator;
import analytics.domain.AlarmEvent;
import analytics.domain.AlarmSignal;
import analytics.domain.AlarmSnapshot;
import analytics.domain.AlarmThresholds;
import analytics.domain.Counters;
import analytics.domain.DeadLetter;
import analytics.domain.IntegratedDelivery;
import analytics.domain.Severity;
import analytics.domain.Signals;
import analytics.domain.StuckStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The live view of deliveries, built from the integrated records on {@link IntegratedDelivery#TOPIC}, and the alarms
 * computed from it.
 *
 * <pre>
 * delivery.integrated ─► (unreadable ─► analytics.live-status.dlt)
 *                     ─► live-deliveries (store 1: in-progress deliveries; a final record deletes its delivery)
 *                          └─ groupBy(status).count ─► live-status-counts (store 2, partitioned by status)
 *                                └─► analytics.status-counts (compacted) ─► live-status-counts-global (every instance)
 *                     ─► live-signals: per partition, every evaluation interval: stuck deliveries, and what
 *                        happened in buckets of record time ─┐
 * analytics.delivery-events.dlt,
 * analytics.live-status.dlt ───► one signal per dead letter ─────┤
 * relay lag reports of every instance ─────────────────────────┴► analytics.alarm-signals (1 partition)
 *                          ─► alarm-evaluator (one task) ─► analytics.alarms (raised/cleared events)
 *                                                         └► analytics.alarm-state ─► alarm-state-global
 * analytics.intake-gate-overrides ─► intake-gate-override-global (every instance)
 * </pre>
 *
 * Every store and internal topic is named here ({@code ensure.explicit.internal.resource.naming}).
 */
public final class LiveStatusTopology {

    /**
     * Integrated records this view cannot read. Not the integration step's dead-letter topic: a re-drive from there
     * feeds delivery events back into that step, and an integrated record is not one.
     */
    public static final String UNREADABLE_INTEGRATED_TOPIC = "analytics.live-status.dlt";
    /** Dead letters of both steps: each one is a signal for the dead-letter alarm. */
    static final List<String> DEAD_LETTER_TOPICS = List.of(DeadLetter.TOPIC, UNREADABLE_INTEGRATED_TOPIC);
    /** per status: how many deliveries are in it now (compacted; key: status) */
    public static final String STATUS_COUNTS_TOPIC = "analytics.status-counts";
    /** reports to the alarm evaluator (one partition) */
    public static final String SIGNALS_TOPIC = "analytics.alarm-signals";
    /** alarms raised and cleared (compacted; key: alarm id) */
    public static final String ALARMS_TOPIC = "analytics.alarms";
    /** the evaluator's latest view (compacted; one key) */
    public static final String ALARM_STATE_TOPIC = "analytics.alarm-state";
    /** operators' intake gate overrides, kept as the audit trail (one key, not compacted) */
    public static final String GATE_OVERRIDES_TOPIC = "analytics.intake-gate-overrides";

    public static final String LIVE_STORE = "live-deliveries";
    public static final String COUNTS_STORE = "live-status-counts";
    public static final String GLOBAL_COUNTS_STORE = "live-status-counts-global";
    public static final String SIGNAL_COUNTERS_STORE = "live-signal-counters";
    public static final String EVALUATOR_BUCKETS_STORE = "alarm-evaluator-buckets";
    public static final String EVALUATOR_STATE_STORE = "alarm-evaluator-state";
    public static final String ALARM_STATE_STORE = "alarm-state-global";
    public static final String GATE_OVERRIDE_STORE = "intake-gate-override-global";
    static final String STATUS_REPARTITION = "live-status-by-status";

    /** key of the one record on {@link #ALARM_STATE_TOPIC} */
    public static final String ALARM_STATE_KEY = "current";
    /** key of the one record on {@link #GATE_OVERRIDES_TOPIC} */
    public static final String GATE_OVERRIDE_KEY = "intake";

    /** The live store's values: an integrated delivery as the store keeps it (instants as numbers). */
    static final JsonSerde<IntegratedDelivery> LIVE_STATE = JsonSerde.state(IntegratedDelivery.class);
    static final JsonSerde<AlarmSignal> SIGNAL = new JsonSerde<>(AlarmSignal.class);

    private static final Logger log = LoggerFactory.getLogger(LiveStatusTopology.class);

    private LiveStatusTopology() {
    }

    /** Adds the live view and the alarms to {@code builder} (Spring's, or a plain one for {@code TopologyTestDriver}). */
    public static void build(StreamsBuilder builder, AlarmThresholds thresholds, Duration evaluationInterval,
            MeterRegistry meters) {
        // each record is parsed once (reading it is most of this step's work), then routed by the outcome
        var branches = builder.stream(IntegratedDelivery.TOPIC,
                        Consumed.with(Serdes.String(), Serdes.String()).withName("integrated-source"))
                .mapValues(Read::of, Named.as("integrated-read"))
                .split(Named.as("integrated-"))
                .branch((id, read) -> read.delivery() != null, Branched.as("readable"))
                .defaultBranch(Branched.as("unreadable"));
        // split() names each branch by prefix + name: both exist by construction
        Objects.requireNonNull(branches.get("integrated-unreadable"), "unreadable branch")
                .mapValues(Read::json, Named.as("integrated-unreadable-as-sent"))
                .peek((id, json) -> log.warn("Integrated record of delivery {} cannot be read; dead-lettered", id),
                        Named.as("integrated-unreadable-log"))
                .to(UNREADABLE_INTEGRATED_TOPIC, Produced.with(Serdes.String(), Serdes.String())
                        .withName("integrated-dead-letters"));
        KStream<String, IntegratedDelivery> integrated = Objects.requireNonNull(branches.get("integrated-readable"),
                        "readable branch")
                .mapValues(read -> Objects.requireNonNull(read.delivery(), "readable"),
                        Named.as("integrated-readable-value"));

        // store 1: a finished or expired delivery becomes a tombstone, so the store holds only what is in progress
        KTable<String, IntegratedDelivery> live = integrated
                .mapValues(delivery -> inProgress(delivery) ? delivery : null, Named.as("finished-to-tombstone"))
                .toTable(Named.as("live-deliveries-table"),
                        Materialized.<String, IntegratedDelivery, KeyValueStore<Bytes, byte[]>>as(LIVE_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(LIVE_STATE));

        // store 2: a move from one status to the next subtracts from the old status and adds to the new one
        KTable<String, Long> counts = live
                .groupBy((id, delivery) -> KeyValue.pair(delivery.status().name(), id),
                        Grouped.with(STATUS_REPARTITION, Serdes.String(), Serdes.String()))
                .count(Named.as("live-status-count"),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(COUNTS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        // each status's count lives on the instance that owns its partition; republished so every instance has all
        counts.toStream(Named.as("live-status-count-changes"))
                .to(STATUS_COUNTS_TOPIC, Produced.with(Serdes.String(), Serdes.Long()).withName("status-counts-sink"));
        builder.globalTable(STATUS_COUNTS_TOPIC,
                Consumed.with(Serdes.String(), Serdes.Long()).withName("status-counts-global-source"),
                Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(GLOBAL_COUNTS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SIGNAL_COUNTERS_STORE),
                Serdes.String(), Serdes.Long()));
        integrated.process(() -> new LiveSignals(thresholds.stuck().maxAge(), evaluationInterval, meters),
                        Named.as("live-signals"), LIVE_STORE, SIGNAL_COUNTERS_STORE)
                .to(SIGNALS_TOPIC, Produced.with(Serdes.String(), SIGNAL).withName("live-signals-sink"));

        builder.stream(DEAD_LETTER_TOPICS,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letters-source"))
                .process(DeadLetterSignals::new, Named.as("dead-letter-signals"))
                .to(SIGNALS_TOPIC, Produced.with(Serdes.String(), SIGNAL).withName("dead-letter-signals-sink"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVALUATOR_BUCKETS_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVALUATOR_STATE_STORE),
                Serdes.String(), Serdes.String()));
        builder.stream(SIGNALS_TOPIC, Consumed.with(Serdes.String(), SIGNAL).withName("alarm-signals-source"))
                .process(() -> new Evaluator(new AlarmEvaluator(thresholds), evaluationInterval, meters),
                        Named.as("alarm-evaluator"), EVALUATOR_BUCKETS_STORE, EVALUATOR_STATE_STORE)
                .to((key, value, context) -> ALARM_STATE_KEY.equals(key) ? ALARM_STATE_TOPIC : ALARMS_TOPIC,
                        Produced.with(Serdes.String(), Serdes.String()).withName("alarm-evaluator-sink"));
        builder.globalTable(ALARM_STATE_TOPIC,
                Consumed.with(Serdes.String(), Serdes.String()).withName("alarm-state-global-source"),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(ALARM_STATE_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        builder.globalTable(GATE_OVERRIDES_TOPIC,
                Consumed.with(Serdes.String(), Serdes.String()).withName("gate-overrides-global-source"),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(GATE_OVERRIDE_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
    }

    public static Topology topology(AlarmThresholds thresholds, Duration evaluationInterval, MeterRegistry meters) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, thresholds, evaluationInterval, meters);
        return builder.build();
    }

    /** A record of {@code delivery.integrated} as sent, and what it reads as (null if it cannot be read). */
    record Read(@Nullable String json, @Nullable IntegratedDelivery delivery) {
        static Read of(@Nullable String json) {
            return new Read(json, readable(json));
        }
    }

    static @Nullable IntegratedDelivery readable(@Nullable String json) {
        if (json == null) {
            return null;
        }
        try {
            IntegratedDelivery delivery = JsonSerde.JSON.readValue(json, IntegratedDelivery.class);
            return delivery.deliveryId() == null || delivery.status() == null || delivery.updatedAt() == null
                    ? null : delivery;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean inProgress(IntegratedDelivery delivery) {
        return !delivery.finished() && delivery.status() != IntegratedDelivery.Status.EXPIRED
                && delivery.status() != IntegratedDelivery.Status.DELIVERED
                && delivery.status() != IntegratedDelivery.Status.CANCELLED;
    }

    /** When the delivery entered the status it is in. */
    static Instant inStatusSince(IntegratedDelivery delivery) {
        Instant since = switch (delivery.status()) {
            case CREATED -> delivery.createdAt();
            case RIDER_ASSIGNED -> delivery.riderAssignedAt();
            case PICKUP_READY_REQUESTED -> delivery.pickupReadyRequestedAt();
            case PICKED_UP -> delivery.pickedUpAt();
            default -> null;
        };
        return since == null ? delivery.updatedAt() : since;
    }

    /**
     * Per partition of the live deliveries: counts what happens by record time, and every evaluation interval
     * (wall clock) reports the counts and the stuck deliveries of its partition to the evaluator. The counts are
     * kept in a changelogged store until reported, so a crash between two reports loses none of them.
     */
    static final class LiveSignals implements Processor<String, IntegratedDelivery, String, AlarmSignal> {

        private final Duration stuckAfter;
        private final Duration interval;
        private final Counter created;
        private final Map<IntegratedDelivery.Outcome, Counter> finished = new EnumMap<>(IntegratedDelivery.Outcome.class);
        private @Nullable ProcessorContext<String, AlarmSignal> context;
        private @Nullable KeyValueStore<String, ValueAndTimestamp<IntegratedDelivery>> live;
        private @Nullable KeyValueStore<String, Long> counters;

        LiveSignals(Duration stuckAfter, Duration interval, MeterRegistry meters) {
            this.stuckAfter = stuckAfter;
            this.interval = interval;
            this.created = Counter.builder("analytics.deliveries.handed.over")
                    .description("Hand-overs seen in the integrated records (counted by the instance that reads them)")
                    .register(meters);
            for (IntegratedDelivery.Outcome outcome : IntegratedDelivery.Outcome.values()) {
                finished.put(outcome, Counter.builder("analytics.deliveries.finished")
                        .description("Deliveries that ended, by outcome (counted by the instance that reads them)")
                        .tag("outcome", outcome.name().toLowerCase()).register(meters));
            }
        }

        @Override
        public void init(ProcessorContext<String, AlarmSignal> context) {
            this.context = context;
            this.live = context.getStateStore(LIVE_STORE);
            this.counters = context.getStateStore(SIGNAL_COUNTERS_STORE);
            context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::report);
        }

        @Override
        @SuppressWarnings("NullAway")
        public void process(Record<String, IntegratedDelivery> record) {
            IntegratedDelivery delivery = record.value();
            long bucket = Counters.bucketOf(delivery.updatedAt());
            add(bucket, Counters.EVENTS);
            if (delivery.status() == IntegratedDelivery.Status.CREATED && delivery.lastSequence() == 1) {
                created.increment();
                add(bucket, Counters.CREATED);
                if (delivery.orderService() != null) {
                    add(bucket, Counters.CREATED_BY + delivery.orderService());
                }
            }
            if (delivery.outcome() != null) {
                finished.get(delivery.outcome()).increment();
                add(bucket, Counters.FINISHED + delivery.outcome().name());
            }
        }

        @SuppressWarnings("NullAway")
        private void add(long bucket, String counter) {
            String key = bucketKey(bucket, counter);
            Long count = counters.get(key);
            counters.put(key, count == null ? 1 : count + 1);
        }

        @SuppressWarnings("NullAway")
        private void report(long wallClockMillis) {
            Instant now = Instant.ofEpochMilli(wallClockMillis);
            Instant stuckBefore = now.minus(stuckAfter);
            Map<String, StuckStatus> stuck = new HashMap<>();
            try (KeyValueIterator<String, ValueAndTimestamp<IntegratedDelivery>> all = live.all()) {
                while (all.hasNext()) {
                    IntegratedDelivery delivery = all.next().value.value();
                    Instant since = inStatusSince(delivery);
                    if (since.isBefore(stuckBefore)) {
                        stuck.merge(delivery.status().name(), new StuckStatus(1, since), StuckStatus::plus);
                    }
                }
            }
            Map<Long, Map<String, Long>> buckets = new HashMap<>();
            try (KeyValueIterator<String, Long> all = counters.all()) {
                while (all.hasNext()) {
                    var entry = all.next();
                    int bar = entry.key.indexOf('|');
                    buckets.computeIfAbsent(Long.parseLong(entry.key.substring(0, bar)), b -> new HashMap<>())
                            .put(entry.key.substring(bar + 1), entry.value);
                }
            }
            buckets.forEach((bucket, counts) -> counts.keySet().forEach(c -> counters.delete(bucketKey(bucket, c))));
            int partition = context.taskId().partition();
            context.forward(new Record<>("live|" + partition, AlarmSignal.live(partition, now, stuck, buckets),
                    wallClockMillis));
        }
    }

    /** One signal per record that reached the dead-letter topic, at the time of that record. */
    static final class DeadLetterSignals implements Processor<byte[], byte[], String, AlarmSignal> {
        private @Nullable ProcessorContext<String, AlarmSignal> context;

        @Override
        public void init(ProcessorContext<String, AlarmSignal> context) {
            this.context = context;
        }

        @Override
        @SuppressWarnings("NullAway")
        public void process(Record<byte[], byte[]> record) {
            context.forward(new Record<>("dead-letter", AlarmSignal.deadLetter(Instant.ofEpochMilli(
                    record.timestamp())), record.timestamp()));
        }
    }

    /**
     * The one alarm evaluator (its source topic has one partition, so one task in the whole cluster). Merges the
     * reports into buckets, and every evaluation interval (wall clock) runs the detectors, publishes what was
     * raised or cleared and its latest view, and forgets what has left every window.
     */
    static final class Evaluator implements Processor<String, AlarmSignal, String, String> {

        private final AlarmEvaluator evaluator;
        private final Duration interval;
        private final Duration horizon;
        private final Counter deadLettersSeen;
        private @Nullable ProcessorContext<String, String> context;
        private @Nullable KeyValueStore<String, Long> buckets;
        private @Nullable KeyValueStore<String, String> state;

        Evaluator(AlarmEvaluator evaluator, Duration interval, MeterRegistry meters) {
            this.evaluator = evaluator;
            this.interval = interval;
            AlarmThresholds t = evaluator.thresholds();
            Duration longest = t.intakeSurge().window().plus(t.intakeSurge().baseline());
            for (Duration window : new Duration[] { t.cancellations().window(), t.deadLetters().window(),
                    Duration.ofMinutes(1) }) {
                longest = window.compareTo(longest) > 0 ? window : longest;
            }
            this.horizon = longest.plus(Counters.BUCKET.multipliedBy(2));
            this.deadLettersSeen = Counter.builder("analytics.dead.letters.seen")
                    .description("Records seen on the dead-letter topic by the alarm evaluator")
                    .register(meters);
        }

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.buckets = context.getStateStore(EVALUATOR_BUCKETS_STORE);
            this.state = context.getStateStore(EVALUATOR_STATE_STORE);
            context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::evaluate);
        }

        @Override
        @SuppressWarnings("NullAway")
        public void process(Record<String, AlarmSignal> record) {
            AlarmSignal signal = record.value();
            if (signal == null) {
                return;
            }
            switch (signal.type()) {
                case LIVE -> {
                    if (signal.buckets() != null) {
                        signal.buckets().forEach((bucket, counts) -> counts.forEach((counter, n) -> {
                            String key = bucketKey(bucket, counter);
                            Long before = buckets.get(key);
                            buckets.put(key, before == null ? n : before + n);
                        }));
                    }
                    state.put("stuck|" + signal.partition(), JsonSerde.JSON.writeValueAsString(
                            AlarmSignal.live(signal.partition() == null ? -1 : signal.partition(), signal.at(),
                                    signal.stuck() == null ? Map.of() : signal.stuck(), Map.of())));
                }
                case RELAY_LAG -> state.put("relay|" + signal.shard(), JsonSerde.JSON.writeValueAsString(signal));
                case DEAD_LETTER -> {
                    deadLettersSeen.increment();
                    String key = bucketKey(Counters.bucketOf(signal.at()), Counters.DEAD_LETTERS);
                    Long before = buckets.get(key);
                    buckets.put(key, before == null ? 1 : before + 1);
                }
            }
        }

        @SuppressWarnings("NullAway")
        private void evaluate(long wallClockMillis) {
            Instant now = Instant.ofEpochMilli(wallClockMillis);
            long forgetBefore = Counters.bucketOf(now.minus(horizon));
            NavigableMap<Long, Map<String, Long>> counts = new TreeMap<>();
            try (KeyValueIterator<String, Long> all = buckets.all()) {
                while (all.hasNext()) {
                    var entry = all.next();
                    int bar = entry.key.indexOf('|');
                    long bucket = Long.parseLong(entry.key.substring(0, bar));
                    if (bucket < forgetBefore) {
                        buckets.delete(entry.key);
                    } else {
                        counts.computeIfAbsent(bucket, b -> new HashMap<>()).put(entry.key.substring(bar + 1),
                                entry.value);
                    }
                }
            }
            Map<Integer, AlarmSignal> stuck = new HashMap<>();
            Map<String, AlarmSignal> relayLag = new HashMap<>();
            Map<String, Alarm> active = new HashMap<>();
            try (KeyValueIterator<String, String> all = state.all()) {
                while (all.hasNext()) {
                    var entry = all.next();
                    if (entry.key.startsWith("stuck|")) {
                        AlarmSignal report = JsonSerde.JSON.readValue(entry.value, AlarmSignal.class);
                        stuck.put(report.partition() == null ? -1 : report.partition(), report);
                    } else if (entry.key.startsWith("relay|")) {
                        AlarmSignal report = JsonSerde.JSON.readValue(entry.value, AlarmSignal.class);
                        relayLag.put(String.valueOf(report.shard()), report);
                    } else if (entry.key.startsWith("alarm|")) {
                        Alarm alarm = JsonSerde.JSON.readValue(entry.value, Alarm.class);
                        active.put(alarm.id(), alarm);
                    }
                }
            }
            // a partition or shard that has not reported for three intervals has moved or stopped
            Signals signals = Counters.signals(now, counts, stuck, relayLag, evaluator.thresholds(),
                    interval.multipliedBy(3).plusSeconds(1));
            AlarmEvaluator.Evaluation evaluation = evaluator.evaluate(signals, active);
            for (AlarmEvent event : evaluation.events()) {
                logEvent(event);
                if (event.kind() == AlarmEvent.Kind.CLEARED) {
                    state.delete("alarm|" + event.alarmId());
                }
                context.forward(new Record<>(event.alarmId(), JsonSerde.JSON.writeValueAsString(event),
                        wallClockMillis));
            }
            evaluation.active().values().forEach(alarm -> state.put("alarm|" + alarm.id(),
                    JsonSerde.JSON.writeValueAsString(alarm)));
            AlarmSnapshot snapshot = new AlarmSnapshot(now, evaluation.active().values().stream()
                    .sorted(java.util.Comparator.comparing(Alarm::raisedAt)).toList(), signals.stuck(),
                    signals.relayLagSeconds(), signals.intakePerSecond(), signals.eventsPerSecond(),
                    evaluator.cancellationRatio(signals), signals.deadLetters());
            context.forward(new Record<>(ALARM_STATE_KEY, JsonSerde.JSON.writeValueAsString(snapshot),
                    wallClockMillis));
        }

        private static void logEvent(AlarmEvent event) {
            if (event.kind() == AlarmEvent.Kind.CLEARED) {
                log.info("Alarm {} cleared ({}): {}", event.alarmId(), event.severity(), event.message());
            } else if (event.severity() == Severity.CRITICAL) {
                // a critical alarm closes the intake gate: someone must act
                log.error("Alarm {} raised (CRITICAL, intake gate closes): {}", event.alarmId(), event.message());
            } else {
                log.warn("Alarm {} raised ({}): {}", event.alarmId(), event.severity(), event.message());
            }
        }
    }

    /** Zero-padded, so that a store's keys sort by bucket. */
    static String bucketKey(long bucket, String counter) {
        return String.format("%015d|%s", bucket, counter);
    }
}
