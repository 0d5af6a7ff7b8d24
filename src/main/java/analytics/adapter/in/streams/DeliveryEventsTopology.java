package analytics.adapter.in.streams;

import java.util.EnumMap;
import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import analytics.domain.DeliveryProgress;
import delivery.DeliveryEvent;
import analytics.domain.DeliveryProgress.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import outbox.EventEnvelope;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analytics module's view of {@code delivery.events}, read exactly once ({@code exactly_once_v2}, so only
 * committed relay transactions are seen). Its first stage is the sequence guard: per delivery it drops
 * duplicates by event id and counts gaps and late events by the per-delivery sequence number, in a persistent
 * store, so that what follows it (the integrated per-delivery event, live stores) can trust its input. A record
 * without the envelope headers cannot be judged and goes to the dead-letter topic.
 */
public final class DeliveryEventsTopology {

    public static final String SOURCE_TOPIC = DeliveryEvent.TOPIC;
    public static final String DEAD_LETTER_TOPIC = "analytics.delivery-events.dlt";
    public static final String PROGRESS_STORE = "delivery-progress";

    private static final Logger log = LoggerFactory.getLogger(DeliveryEventsTopology.class);

    private DeliveryEventsTopology() {
    }

    /** Adds the topology to {@code builder} (Spring's, or a plain one for {@code TopologyTestDriver}). */
    public static void build(StreamsBuilder builder, MeterRegistry meters) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROGRESS_STORE),
                Serdes.String(), new ProgressSerde()));
        builder.stream(SOURCE_TOPIC, Consumed.with(Serdes.String(), Serdes.String()).withName("delivery-events"))
                .process(() -> new SequenceGuard(meters), Named.as("sequence-guard"), PROGRESS_STORE)
                .to(DEAD_LETTER_TOPIC, Produced.with(Serdes.String(), Serdes.String()).withName("dead-letters"));
    }

    public static Topology topology(MeterRegistry meters) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, meters);
        return builder.build();
    }

    /** Judges each event against its delivery's progress; forwards only records it cannot judge (to the DLT). */
    static final class SequenceGuard implements Processor<String, String, String, String> {

        private final Map<Verdict, Counter> verdicts = new EnumMap<>(Verdict.class);
        private final Counter deadLettered;
        private @Nullable ProcessorContext<String, String> context;
        private @Nullable KeyValueStore<String, DeliveryProgress> progress;

        SequenceGuard(MeterRegistry meters) {
            for (Verdict verdict : Verdict.values()) {
                verdicts.put(verdict, Counter.builder("analytics.delivery.events")
                        .description("Delivery events judged by the sequence guard, by verdict")
                        .tag("verdict", verdict.name().toLowerCase())
                        .register(meters));
            }
            deadLettered = Counter.builder("analytics.delivery.events.dead.lettered")
                    .description("Records without a delivery id, event id or sequence, sent to the dead-letter topic")
                    .register(meters);
        }

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.progress = context.getStateStore(PROGRESS_STORE);
        }

        @Override
        @SuppressWarnings("NullAway")
        public void process(Record<String, String> record) {
            String eventId = EventEnvelope.header(record.headers(), EventEnvelope.EVENT_ID);
            Long sequence = sequence(EventEnvelope.header(record.headers(), EventEnvelope.SEQUENCE));
            if (record.key() == null || eventId == null || sequence == null) {
                deadLettered.increment();
                log.warn("Dead-lettering a record of {} without delivery id, event id or sequence", SOURCE_TOPIC);
                context.forward(record);
                return;
            }
            DeliveryProgress stored = progress.get(record.key());
            DeliveryProgress before = stored == null ? DeliveryProgress.NONE : stored;
            DeliveryProgress.Outcome outcome = before.accept(eventId, sequence);
            verdicts.get(outcome.verdict()).increment();
            switch (outcome.verdict()) {
                case GAP -> log.warn("Delivery {}: sequence {} arrived after {}; {} event(s) missing so far",
                        record.key(), sequence, before.lastSequence(), sequence - before.lastSequence() - 1);
                case LATE -> log.warn("Delivery {}: sequence {} arrived after sequence {}", record.key(), sequence,
                        before.lastSequence());
                default -> {
                }
            }
            if (outcome.verdict() != Verdict.DUPLICATE) {
                progress.put(record.key(), outcome.progress());
            }
        }

        private static @Nullable Long sequence(@Nullable String text) {
            try {
                return text == null ? null : Long.parseLong(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** JSON for the store: readable with any tool, and new fields can be added later. */
    static final class ProgressSerde implements Serde<DeliveryProgress> {
        private static final JsonMapper JSON = JsonMapper.builder().build();

        @Override
        public org.apache.kafka.common.serialization.Serializer<DeliveryProgress> serializer() {
            return (topic, progress) -> progress == null ? null : JSON.writeValueAsBytes(progress);
        }

        @Override
        public org.apache.kafka.common.serialization.Deserializer<DeliveryProgress> deserializer() {
            return (topic, bytes) -> bytes == null ? null : JSON.readValue(bytes, DeliveryProgress.class);
        }
    }
}
