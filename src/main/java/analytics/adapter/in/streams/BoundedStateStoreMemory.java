package analytics.adapter.in.streams;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import analytics.application.AnalyticsProperties;

/**
 * One memory budget for every RocksDB state store of this process: Kafka Streams' recipe for bounding RocksDB's
 * memory ("Kafka Streams Memory Management", {@code BoundedMemoryRocksDBConfig}), with the budget taken from the
 * Streams configuration instead of constants.
 *
 * <p>Why: by default each store opens its own 50 MB block cache and up to three 16 MB memtables, outside the Java
 * heap and outside Native Memory Tracking. The analytics step has one store per task and kind (six kinds × twelve
 * partitions, plus the alarm evaluator's and three global tables: 77 stores), so the default bound is several GiB
 * and what the stores actually take grows with the day's writes. With this setter the block cache, the index and filter blocks
 * and the memtables of all stores are charged to one LRU cache of {@link #MEMORY_CONFIG} bytes, of which the
 * memtables may take {@link #WRITE_BUFFER_MEMORY_CONFIG}: when they reach it, the writing store flushes.
 *
 * <p>Kafka Streams makes one instance of this class per store (by reflection, hence public), so the cache and the
 * write buffer manager are shared statically, one pair per budget. They live as long as the JVM and are never
 * closed in {@link #close}: another store (or a task that moves back) still uses them.
 */
public final class BoundedStateStoreMemory implements RocksDBConfigSetter {

    /** Streams configuration key: bytes for block cache, index and filter blocks and memtables of all stores. */
    public static final String MEMORY_CONFIG = "relay.state-stores.memory";
    /** Streams configuration key: bytes of {@link #MEMORY_CONFIG} the memtables may take. */
    public static final String WRITE_BUFFER_MEMORY_CONFIG = "relay.state-stores.write-buffer-memory";

    /** Index and filter blocks get this share of the cache as high priority, so data blocks cannot evict them. */
    private static final double INDEX_FILTER_BLOCK_RATIO = 0.1;

    /** Kafka Streams' own default, an upper bound; 256 KB a lower one (arena blocks of 32 KB). */
    private static final long MAX_MEMTABLE = 16L << 20;
    private static final long MIN_MEMTABLE = 256L << 10;
    /** One being written, one being flushed, one waiting: Kafka Streams' default too. */
    private static final int MAX_MEMTABLES_PER_STORE = 3;

    private static final Map<Budget, SharedMemory> SHARED = new ConcurrentHashMap<>();

    private record Budget(long memory, long writeBufferMemory) {
    }

    private record SharedMemory(Cache cache, WriteBufferManager writeBufferManager) {
    }

    /**
     * Names this setter in a Streams configuration unless it names a RocksDB config setter already (one set in
     * {@code spring.kafka.streams.properties} is the operator's choice and stays), and the budget unless given.
     */
    public static void addUnlessSet(Properties streamsConfig, AnalyticsProperties.StateStores budget) {
        streamsConfig.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStateStoreMemory.class);
        // also when the operator named this class as the setter: it needs the budget
        streamsConfig.putIfAbsent(MEMORY_CONFIG, budget.memory().toBytes());
        streamsConfig.putIfAbsent(WRITE_BUFFER_MEMORY_CONFIG, budget.writeBufferMemory().toBytes());
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Budget budget = new Budget(bytes(configs, MEMORY_CONFIG), bytes(configs, WRITE_BUFFER_MEMORY_CONFIG));
        if (budget.writeBufferMemory() >= budget.memory()) {
            throw new IllegalArgumentException(WRITE_BUFFER_MEMORY_CONFIG + " (" + budget.writeBufferMemory()
                    + ") must be less than " + MEMORY_CONFIG + " (" + budget.memory() + ")");
        }
        SharedMemory shared = SHARED.computeIfAbsent(budget, b -> {
            // not a strict limit: with one, a read that finds the cache full of pinned blocks fails instead of
            // overshooting briefly (the recipe's choice too)
            Cache cache = new LRUCache(b.memory(), -1, false, INDEX_FILTER_BLOCK_RATIO);
            return new SharedMemory(cache, new WriteBufferManager(b.writeBufferMemory(), cache));
        });
        // the table config Kafka Streams prepared (bloom filter, block size): changed, not replaced
        BlockBasedTableConfig tableConfig = (BlockBasedTableConfig) options.tableFormatConfig();
        tableConfig.setBlockCache(shared.cache());
        tableConfig.setCacheIndexAndFilterBlocks(true);
        tableConfig.setCacheIndexAndFilterBlocksWithHighPriority(true);
        tableConfig.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBufferManager());
        // Kafka Streams' 16 MB memtables would not fit: a memtable with any write holds an arena block of 1/8 of its
        // size (at most 1 MB), and ~72 stores are written between two commits, so the budget's flush point (7/8 of
        // it) would be passed by empty memtables alone and every write would flush. A 32nd of the budget each
        // (2 MB of 64 MB) leaves most of it to data
        options.setWriteBufferSize(memtableSize(budget.writeBufferMemory()));
        options.setMaxWriteBufferNumber(MAX_MEMTABLES_PER_STORE);
        options.setTableFormatConfig(tableConfig);
    }

    static long memtableSize(long writeBufferMemory) {
        return Math.clamp(writeBufferMemory / 32, MIN_MEMTABLE, MAX_MEMTABLE);
    }

    @Override
    public void close(String storeName, Options options) {
        // the shared cache and write buffer manager outlive every single store: see the class comment
    }

    private static long bytes(Map<String, Object> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is missing from the Streams configuration");
        }
        long bytes = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
        if (bytes <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + bytes);
        }
        return bytes;
    }
}
