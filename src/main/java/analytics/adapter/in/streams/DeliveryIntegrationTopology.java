package analytics.adapter.in.streams;

import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import analytics.application.AnalyticsProperties;
import analytics.domain.DeadLetter;
import analytics.domain.DeliveryJourney;
import analytics.domain.EndedDelivery;
import analytics.domain.IntegratedDelivery;
import delivery.DeliveryEvent;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The analytics step as a Kafka Streams topology: one source reading {@code delivery.events} and the re-drive
 * topic (co-partitioned, so partition <i>n</i> of both is one task with one set of stores), one processor
 * ({@link DeliveryIntegrationProcessor}) with its three stores, and two sinks: {@code delivery.integrated} and the
 * dead-letter topic. Written with the Processor API because the processor forwards to two sinks and expires
 * deliveries from punctuators; every node, store and so every changelog topic is named here.
 *
 * <p>Read exactly once ({@code exactly_once_v2}): only committed relay transactions are seen, and the state
 * changes, the integrated records and the consumed offsets commit together.
 */
public final class DeliveryIntegrationTopology {

    public static final String SOURCE = "delivery-events";
    public static final String PROCESSOR = "delivery-integration";
    public static final String INTEGRATED_SINK = "delivery-integrated";
    public static final String DEAD_LETTER_SINK = "dead-letters";
    /** deliveries in progress: delivery id → what was seen and the integrated record so far */
    public static final String IN_PROGRESS_STORE = "deliveries-in-progress";
    /** ended deliveries remembered for a while: delivery id → outcome, when, last sequence, missing sequences */
    public static final String ENDED_STORE = "deliveries-ended";
    /** what comes due when: {@code idle|<time>|<id>} and {@code ended|<time>|<id>} → delivery id */
    public static final String DEADLINES_STORE = "delivery-deadlines";

    private DeliveryIntegrationTopology() {
    }

    /** Adds the step to a topology (Spring's, built from its {@code StreamsBuilder}, or a test's). */
    public static void addTo(Topology topology, AnalyticsProperties settings, MeterRegistry meters) {
        IntegrationMetrics metrics = new IntegrationMetrics(meters);
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), DeliveryEvent.TOPIC,
                        DeadLetter.REDRIVE_TOPIC)
                .addProcessor(PROCESSOR, () -> new DeliveryIntegrationProcessor(settings, metrics), SOURCE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IN_PROGRESS_STORE),
                        Serdes.String(), JsonSerde.state(DeliveryJourney.class)).withCachingEnabled(), PROCESSOR)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ENDED_STORE),
                        Serdes.String(), JsonSerde.state(EndedDelivery.class)).withCachingEnabled(), PROCESSOR)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEADLINES_STORE),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), PROCESSOR)
                .addSink(INTEGRATED_SINK, IntegratedDelivery.TOPIC, new StringSerializer(), new ByteArraySerializer(),
                        PROCESSOR)
                .addSink(DEAD_LETTER_SINK, DeadLetter.TOPIC, new StringSerializer(), new ByteArraySerializer(),
                        PROCESSOR);
    }

    /** The topology alone, built as Spring builds it (the builder's configuration checks resource names). */
    public static Topology topology(AnalyticsProperties settings, MeterRegistry meters, Properties config) {
        Topology topology = new StreamsBuilder().build(config);
        addTo(topology, settings, meters);
        return topology;
    }
}
