package analytics.adapter.in.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import analytics.application.AnalyticsProperties;

/** Real RocksDB stores opened by Kafka Streams (TopologyTestDriver) with the setter in their configuration. */
class BoundedStateStoreMemoryUnitTest {

    private static final AnalyticsProperties.StateStores BUDGET =
            new AnalyticsProperties.StateStores(DataSize.ofMegabytes(48), DataSize.ofMegabytes(16));

    @TempDir
    Path stateDir;

    @Test
    void everyStoreIsChargedToTheOneConfiguredCache() {
        Properties config = config();
        BoundedStateStoreMemory.addUnlessSet(config, BUDGET);

        Map<String, Long> capacities = blockCacheCapacities(config);

        assertThat(capacities).containsExactlyInAnyOrderEntriesOf(
                Map.of("first-store", BUDGET.memory().toBytes(), "second-store", BUDGET.memory().toBytes()));
    }

    @Test
    void withoutTheSetterEachStoreOpensItsOwnCache() {
        // what the setter replaces: Kafka Streams' per-store block cache of 50 MB
        Map<String, Long> capacities = blockCacheCapacities(config());

        assertThat(capacities).containsExactlyInAnyOrderEntriesOf(
                Map.of("first-store", 50L * 1024 * 1024, "second-store", 50L * 1024 * 1024));
    }

    @Test
    void anOperatorsOwnSetterStays() {
        Properties config = config();
        config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.TheirSetter");

        BoundedStateStoreMemory.addUnlessSet(config, BUDGET);

        assertThat(config).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.TheirSetter");
    }

    @Test
    void anOperatorNamingThisSetterGetsTheBudgetToo() {
        Properties config = config();
        config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStateStoreMemory.class.getName());

        BoundedStateStoreMemory.addUnlessSet(config, BUDGET);

        assertThat(config).containsEntry(BoundedStateStoreMemory.MEMORY_CONFIG, BUDGET.memory().toBytes())
                .containsEntry(BoundedStateStoreMemory.WRITE_BUFFER_MEMORY_CONFIG,
                        BUDGET.writeBufferMemory().toBytes());
    }

    @Test
    void theStoresShareOneCacheThatTheirMemtablesAreChargedTo() {
        Properties config = config();
        // 2 MB memtables: the ~1.2 MB written below stays in memory (no flush changes the usage between two reads)
        BoundedStateStoreMemory.addUnlessSet(config,
                new AnalyticsProperties.StateStores(DataSize.ofMegabytes(96), DataSize.ofMegabytes(64)));

        // only the first store is written: with one shared cache the second reports the same usage (the first's
        // memtable, charged by the write buffer manager); with a cache each it would report its own, near-empty cache
        Map<String, Long> usages = metricPerStore(config, "block-cache-usage", 1_700, false);

        assertThat(usages.get("first-store")).isGreaterThan(1L << 20);
        assertThat(usages.get("second-store")).isEqualTo(usages.get("first-store"));
    }

    @Test
    void eachMemtableIsAThirtySecondOfTheWriteBufferBudgetWithinBounds() {
        assertThat(BoundedStateStoreMemory.memtableSize(64L << 20)).isEqualTo(2L << 20);
        assertThat(BoundedStateStoreMemory.memtableSize(1L << 20)).isEqualTo(256L << 10);
        assertThat(BoundedStateStoreMemory.memtableSize(4L << 30)).isEqualTo(16L << 20);
    }

    @Test
    void aBudgetWhoseMemtablesTakeAllOfItIsRefused() {
        Map<String, Object> configs = Map.of(BoundedStateStoreMemory.MEMORY_CONFIG, 16L << 20,
                BoundedStateStoreMemory.WRITE_BUFFER_MEMORY_CONFIG, 16L << 20);

        try (org.rocksdb.Options options = new org.rocksdb.Options()) {
            assertThatThrownBy(() -> new BoundedStateStoreMemory().setConfig("store", options, configs))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be less than");
        }
    }

    @Test
    void theBudgetIsValidatedWhereItIsConfigured() {
        assertThat(new AnalyticsProperties.StateStores(DataSize.ofMegabytes(128), DataSize.ofMegabytes(64))
                .isBudgetValid()).isTrue();
        assertThat(new AnalyticsProperties.StateStores(DataSize.ofMegabytes(64), DataSize.ofMegabytes(64))
                .isBudgetValid()).isFalse();
        assertThat(new AnalyticsProperties.StateStores(DataSize.ofMegabytes(8), DataSize.ofMegabytes(4))
                .isBudgetValid()).isFalse();
        // below 8MB the memtables' empty arena blocks would take most of the write buffer budget's flush point
        assertThat(new AnalyticsProperties.StateStores(DataSize.ofMegabytes(128), DataSize.ofMegabytes(4))
                .isBudgetValid()).isFalse();
        assertThat(new AnalyticsProperties.StateStores(DataSize.ofMegabytes(16), DataSize.ofMegabytes(8))
                .isBudgetValid()).isTrue();
    }

    private Properties config() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-memory-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return config;
    }

    private static Map<String, Long> blockCacheCapacities(Properties config) {
        return metricPerStore(config, "block-cache-capacity", 1, true);
    }

    /** Opens two persistent stores, writes records to the first (and the second), reads a metric of each store. */
    private static Map<String, Long> metricPerStore(Properties config, String metricName, int records,
            boolean writeBoth) {
        Topology topology = new Topology();
        topology.addSource("source", new StringDeserializer(), new StringDeserializer(), "input");
        topology.addProcessor("writer", () -> new Writer(writeBoth), "source");
        for (String store : new String[] {"first-store", "second-store"}) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), Serdes.String()).withLoggingDisabled(), "writer");
        }
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config)) {
            TestInputTopic<String, String> input =
                    driver.createInputTopic("input", new StringSerializer(), new StringSerializer());
            String value = "created".repeat(100);
            for (int i = 0; i < records; i++) {
                input.pipeInput("delivery-" + i, value);
            }
            assertThat(driver.<String, String>getKeyValueStore("first-store").get("delivery-0")).isEqualTo(value);
            Map<String, Long> values = new java.util.TreeMap<>();
            for (Map.Entry<MetricName, ? extends Metric> metric : driver.metrics().entrySet()) {
                MetricName name = metric.getKey();
                if (name.name().equals(metricName) && name.tags().containsKey("rocksdb-state-id")) {
                    values.put(name.tags().get("rocksdb-state-id"),
                            ((Number) metric.getValue().metricValue()).longValue());
                }
            }
            return values;
        }
    }

    private static final class Writer implements Processor<String, String, Void, Void> {
        private final boolean writeBoth;
        private KeyValueStore<String, String> first;
        private KeyValueStore<String, String> second;

        Writer(boolean writeBoth) {
            this.writeBoth = writeBoth;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            first = context.getStateStore("first-store");
            second = context.getStateStore("second-store");
        }

        @Override
        public void process(Record<String, String> record) {
            first.put(record.key(), record.value());
            if (writeBoth) {
                second.put(record.key(), record.value());
            }
        }
    }
}
