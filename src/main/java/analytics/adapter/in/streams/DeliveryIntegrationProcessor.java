package analytics.adapter.in.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import analytics.adapter.in.streams.DeliveryEventReader.Read;
import analytics.adapter.in.streams.DeliveryEventReader.Unreadable;
import analytics.application.AnalyticsProperties;
import analytics.domain.DeadLetter;
import analytics.domain.DeliveryIntegration;
import analytics.domain.DeliveryIntegration.Continued;
import analytics.domain.DeliveryIntegration.Decision;
import analytics.domain.DeliveryIntegration.Dropped;
import analytics.domain.DeliveryIntegration.Ended;
import analytics.domain.DeliveryJourney;
import analytics.domain.EndedDelivery;
import analytics.domain.IntegratedDelivery;
import outbox.EventEnvelope;

/**
 * The analytics step for the deliveries of one task (one partition of {@code delivery.events} and the same
 * partition of the re-drive topic). Per record: read it (or dead-letter it), look its delivery up once, let
 * {@link DeliveryIntegration} judge and merge, store the outcome and publish the integrated record.
 *
 * <p>State, all changelogged: deliveries in progress; a memory of ended ones; and a deadline index whose keys
 * start with the time they come due, so that a sweep reads only what is due instead of scanning every delivery.
 *
 * <p>Time is the task's stream time (record timestamps: when the events happened). A punctuator on stream time
 * sweeps every {@code sweep-interval}. Stream time only moves when records arrive, so a partition that has gone
 * quiet would keep its idle deliveries for ever: the wall-clock backstop, every {@code wall-clock-backstop-interval},
 * notices that stream time has not moved since its last look and then sweeps as if stream time had gone on with the
 * wall clock since it last moved (stream time + the wall-clock time since then). Stream time never runs ahead of
 * the wall clock (events are stamped when they happen), so the backstop never expires a delivery earlier than the
 * wall clock says it is idle; while records flow, it does nothing.
 */
final class DeliveryIntegrationProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(DeliveryIntegrationProcessor.class);
    /** deadline index entries of deliveries in progress, by the stream time of their last event */
    static final String IDLE = "idle|";
    /** deadline index entries of ended deliveries, by the stream time they ended at */
    static final String ENDED = "ended|";
    /** a sweep changes the stores in chunks, never while iterating them */
    private static final int SWEEP_CHUNK = 1_000;

    private final DeliveryEventReader reader = new DeliveryEventReader();
    private final JsonSerde<IntegratedDelivery> integratedJson = new JsonSerde<>(IntegratedDelivery.class);
    private final Duration idleTimeout;
    private final Duration endedRetention;
    private final Duration sweepInterval;
    private final Duration backstopInterval;
    private final IntegrationMetrics metrics;

    private @Nullable ProcessorContext<String, byte[]> context;
    private @Nullable KeyValueStore<String, DeliveryJourney> inProgress;
    private @Nullable KeyValueStore<String, EndedDelivery> ended;
    private @Nullable KeyValueStore<String, String> deadlines;
    private String task = "";
    /** the task's clock: stream time, moved on by the backstop while stream time stalls; never goes back */
    private long clock = Long.MIN_VALUE;
    /** stream time as last seen, and the wall-clock time when it was first seen at that value */
    private long streamTimeAtLastLook = Long.MIN_VALUE;
    private long wallClockAtLastLook;

    DeliveryIntegrationProcessor(AnalyticsProperties settings, IntegrationMetrics metrics) {
        this.idleTimeout = settings.idleTimeout();
        this.endedRetention = settings.endedRetention();
        this.sweepInterval = settings.sweepInterval();
        this.backstopInterval = settings.wallClockBackstopInterval();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.inProgress = context.getStateStore(DeliveryIntegrationTopology.IN_PROGRESS_STORE);
        this.ended = context.getStateStore(DeliveryIntegrationTopology.ENDED_STORE);
        this.deadlines = context.getStateStore(DeliveryIntegrationTopology.DEADLINES_STORE);
        this.task = context.taskId().toString();
        this.wallClockAtLastLook = context.currentSystemTimeMs();
        context.schedule(sweepInterval, PunctuationType.STREAM_TIME, streamTime -> sweep(advanceClock(streamTime)));
        context.schedule(backstopInterval, PunctuationType.WALL_CLOCK_TIME, this::backstop);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long streamTime = context().currentStreamTimeMs();
        if (streamTime != streamTimeAtLastLook) {
            streamTimeAtLastLook = streamTime;
            wallClockAtLastLook = context().currentSystemTimeMs();
        }
        Instant now = Instant.ofEpochMilli(advanceClock(streamTime));
        switch (reader.read(record.key(), record.headers(), record.value())) {
            case Unreadable unreadable -> deadLetter(record, unreadable);
            case Read read -> {
                String traceparent = TraceContext.valid(read.traceparent());
                try (TraceContext trace = TraceContext.open(traceparent)) {
                    take(record, read, traceparent, now);
                }
            }
        }
    }

    private void take(Record<String, byte[]> record, Read read, @Nullable String traceparent, Instant now) {
        String key = read.event().deliveryId().toString();
        DeliveryJourney journey = inProgress().get(key);
        EndedDelivery memory = journey == null ? ended().get(key) : null;
        Decision decision = DeliveryIntegration.takeIn(journey, memory, read.event(), traceparent, now);
        metrics.judged(decision.verdict());
        long sequence = read.event().sequence();
        switch (decision.verdict()) {
            case GAP -> log.warn("Delivery {}: sequence {} arrived after {}; event(s) missing so far", key, sequence,
                    journey == null ? 0 : journey.progress().lastSequence());
            case LATE -> log.warn("Delivery {}: sequence {} arrived after a later one", key, sequence);
            case AFTER_END -> log.warn("Delivery {}: sequence {} arrived after the delivery ended ({}); dropped", key,
                    sequence, memory == null ? "?" : memory.outcome());
            default -> {
            }
        }
        switch (decision) {
            case Dropped dropped -> {
                EndedDelivery changed = dropped.memory();
                if (changed != null) {
                    ended().put(key, changed);
                }
            }
            case Continued continued -> {
                DeliveryJourney next = continued.journey();
                inProgress().put(key, next);
                if (journey == null || !journey.lastSeenAt().equals(next.lastSeenAt())) {
                    if (journey != null) {
                        remove(deadlines(), deadlineKey(IDLE, journey.lastSeenAt(), key));
                    }
                    deadlines().put(deadlineKey(IDLE, next.lastSeenAt(), key), key);
                }
                publish(next.delivery(), record.timestamp());
            }
            case Ended end -> {
                publish(end.finalRecord(), record.timestamp());
                if (journey != null) {
                    remove(inProgress(), key);
                    remove(deadlines(), deadlineKey(IDLE, journey.lastSeenAt(), key));
                }
                remember(key, end.memory());
            }
        }
    }

    private void publish(IntegratedDelivery delivery, long timestamp) {
        Headers headers = new RecordHeaders();
        header(headers, EventEnvelope.CONTENT_TYPE, "application/json");
        header(headers, EventEnvelope.SCHEMA_VERSION, Integer.toString(IntegratedDelivery.SCHEMA_VERSION));
        String traceparent = delivery.traceparent();
        if (traceparent != null) {
            header(headers, EventEnvelope.TRACEPARENT, traceparent);
        }
        byte[] value = integratedJson.serializer().serialize(IntegratedDelivery.TOPIC, delivery);
        context().forward(new Record<>(delivery.deliveryId().toString(), value, timestamp, headers),
                DeliveryIntegrationTopology.INTEGRATED_SINK);
        metrics.published(delivery);
    }

    /**
     * Removes an entry: {@code put(key, null)} is {@code delete(key)} without reading and deserializing the old value,
     * which {@code delete} returns and nothing here uses (5 % of the stream thread, JFR).
     */
    private static void remove(KeyValueStore<String, ?> store, String key) {
        store.put(key, null);
    }

    private void remember(String key, EndedDelivery memory) {
        ended().put(key, memory);
        deadlines().put(deadlineKey(ENDED, memory.endedAt(), key), key);
    }

    private void deadLetter(Record<String, byte[]> record, Unreadable unreadable) {
        RecordMetadata source = context().recordMetadata().orElseThrow();
        Headers headers = new RecordHeaders(record.headers().toArray());
        for (String name : List.of(DeadLetter.REASON_HEADER, DeadLetter.DETAIL_HEADER, DeadLetter.SOURCE_TOPIC_HEADER,
                DeadLetter.SOURCE_PARTITION_HEADER, DeadLetter.SOURCE_OFFSET_HEADER)) {
            headers.remove(name);
        }
        header(headers, DeadLetter.REASON_HEADER, unreadable.reason().code());
        header(headers, DeadLetter.DETAIL_HEADER, unreadable.detail());
        header(headers, DeadLetter.SOURCE_TOPIC_HEADER, source.topic());
        header(headers, DeadLetter.SOURCE_PARTITION_HEADER, Integer.toString(source.partition()));
        header(headers, DeadLetter.SOURCE_OFFSET_HEADER, Long.toString(source.offset()));
        context().forward(record.withHeaders(headers), DeliveryIntegrationTopology.DEAD_LETTER_SINK);
        metrics.deadLettered(unreadable.reason());
        // the detail stays in the header: it may quote the payload, and payloads hold addresses
        log.warn("Dead-lettered the record at {}-{}@{}: {}", source.topic(), source.partition(), source.offset(),
                unreadable.reason().code());
    }

    /**
     * The wall-clock backstop: sweeps only when stream time has not moved since the last look, at stream time plus
     * the wall-clock time since stream time last moved.
     */
    private void backstop(long wallClock) {
        long streamTime = context().currentStreamTimeMs();
        if (streamTime != streamTimeAtLastLook) {
            streamTimeAtLastLook = streamTime;
            wallClockAtLastLook = wallClock;
            return;
        }
        if (streamTime < 0) {
            return; // nothing processed yet (and nothing restored that needs a clock)
        }
        long quiet = wallClock - wallClockAtLastLook;
        if (quiet > 0 && streamTime + quiet > clock) {
            log.debug("Task {}: stream time stalled for {} ms; sweeping by the wall clock", task, quiet);
            sweep(advanceClock(streamTime + quiet));
        }
    }

    private long advanceClock(long time) {
        clock = Math.max(clock, time);
        return clock;
    }

    /** Expires deliveries idle for the idle timeout and forgets ended ones older than the retention. */
    void sweep(long now) {
        Instant at = Instant.ofEpochMilli(now);
        int expired = 0;
        for (List<KeyValue<String, String>> due = due(IDLE, at.minus(idleTimeout)); !due.isEmpty();
                due = due(IDLE, at.minus(idleTimeout))) {
            for (KeyValue<String, String> entry : due) {
                remove(deadlines(), entry.key);
                DeliveryJourney journey = inProgress().get(entry.value);
                if (journey == null || !deadlineKey(IDLE, journey.lastSeenAt(), entry.value).equals(entry.key)) {
                    continue; // left behind by a change; the delivery's current entry is elsewhere in the index
                }
                Ended end = DeliveryIntegration.expire(journey, idleTimeout, at);
                publish(end.finalRecord(), journey.idleDeadline(idleTimeout).toEpochMilli());
                remove(inProgress(), entry.value);
                remember(entry.value, end.memory());
                expired++;
            }
        }
        for (List<KeyValue<String, String>> due = due(ENDED, at.minus(endedRetention)); !due.isEmpty();
                due = due(ENDED, at.minus(endedRetention))) {
            for (KeyValue<String, String> entry : due) {
                remove(deadlines(), entry.key);
                EndedDelivery memory = ended().get(entry.value);
                if (memory != null && deadlineKey(ENDED, memory.endedAt(), entry.value).equals(entry.key)) {
                    remove(ended(), entry.value);
                }
            }
        }
        metrics.inProgress(task, inProgress().approximateNumEntries());
        if (expired > 0) {
            log.info("Task {}: {} delivery(ies) idle for {} expired", task, expired, idleTimeout);
        }
    }

    private List<KeyValue<String, String>> due(String kind, Instant upTo) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = deadlines().range(kind, kind + stamp(upTo) + "|~")) {
            while (entries.hasNext() && due.size() < SWEEP_CHUNK) {
                due.add(entries.next());
            }
        }
        return due;
    }

    static String deadlineKey(String kind, Instant time, String deliveryId) {
        return kind + stamp(time) + "|" + deliveryId;
    }

    /** fixed width, so that the index's byte order is time order */
    private static String stamp(Instant time) {
        return String.format("%019d", Math.max(0, time.toEpochMilli()));
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        metrics.taskClosed(task);
    }

    private ProcessorContext<String, byte[]> context() {
        return java.util.Objects.requireNonNull(context, "not initialised");
    }

    private KeyValueStore<String, DeliveryJourney> inProgress() {
        return java.util.Objects.requireNonNull(inProgress, "not initialised");
    }

    private KeyValueStore<String, EndedDelivery> ended() {
        return java.util.Objects.requireNonNull(ended, "not initialised");
    }

    private KeyValueStore<String, String> deadlines() {
        return java.util.Objects.requireNonNull(deadlines, "not initialised");
    }
}
