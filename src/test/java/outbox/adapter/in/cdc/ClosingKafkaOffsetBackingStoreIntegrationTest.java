package outbox.adapter.in.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.debezium.embedded.EmbeddedWorkerConfig;
import io.debezium.embedded.KafkaConnectUtil;
import platform.TestServers;

/**
 * The shard readers' offset store against the real broker: it stores and reads offsets as Connect's does, and its
 * admin client's thread is gone once it stops. The second test is the reason for the class: the store Debezium's
 * engine builds itself leaves its admin client running after it stops (when it fails, Debezium has fixed that, and
 * {@code offset.storage} can name Connect's store again).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClosingKafkaOffsetBackingStoreIntegrationTest {

    static final String ADMIN_THREAD = "kafka-admin-client-thread | ";

    @Test
    void itStoresOffsetsAndItsAdminClientStopsWithIt() throws Exception {
        String reader = "outbox-relay.test-" + UUID.randomUUID();
        ClosingKafkaOffsetBackingStore store = new ClosingKafkaOffsetBackingStore();
        store.configure(config(reader));
        store.start();
        try {
            ByteBuffer key = bytes("[\"" + reader + "\",{\"server\":\"" + reader + "\"}]");
            ByteBuffer offset = bytes("{\"file\":\"mariadb-bin.000001\",\"pos\":4}");
            // the callback is not optional (Connect's writer always passes one; a null one is called anyway)
            store.set(Map.of(key, offset), (error, result) -> { }).get(30, TimeUnit.SECONDS);
            assertThat(store.get(List.of(key)).get(30, TimeUnit.SECONDS)).containsEntry(key, offset);
            assertThat(threads(ADMIN_THREAD + reader + "-shared-admin")).as("its admin client, named after the reader")
                    .isEqualTo(1);
            assertThat(threads("kafka-producer-network-thread | " + reader + "-offsets")).isEqualTo(1);
        } finally {
            store.stop();
        }

        assertThat(threads(reader)).as("no client of the stopped store still runs").isZero();
    }

    @Test
    void aStoreItsEngineLeftRunningIsStoppedByItsReader() {
        String reader = "outbox-relay.test-" + UUID.randomUUID();
        ClosingKafkaOffsetBackingStore store = new ClosingKafkaOffsetBackingStore();
        store.configure(config(reader));
        store.start();
        assertThat(threads(ADMIN_THREAD + reader + "-shared-admin")).isEqualTo(1);

        // another store of a reader of the same name (another instance in this JVM) is not touched
        ClosingKafkaOffsetBackingStore.stopIfStillRunning(reader + "#another");
        assertThat(threads(ADMIN_THREAD + reader + "-shared-admin")).isEqualTo(1);

        // as after an engine closed while it was still starting, which skips its offset store
        ClosingKafkaOffsetBackingStore.stopIfStillRunning(reader + "#1");

        assertThat(threads(reader)).as("no client of the left-over store still runs").isZero();
        store.stop();
        ClosingKafkaOffsetBackingStore.stopIfStillRunning(reader + "#1");
    }

    @Test
    void aStoreWhoseConfigurationFailedStopsWithoutHidingTheError() {
        ClosingKafkaOffsetBackingStore store = new ClosingKafkaOffsetBackingStore();
        // without offset.storage.topic Connect's store refuses the configuration; the engine then stops it
        Map<String, String> incomplete = new HashMap<>(Map.of("name", "outbox-relay.test-" + UUID.randomUUID(),
                "bootstrap.servers", TestServers.get().kafka().bootstrapServers()));
        assertThatThrownBy(() -> store.configure(new EmbeddedWorkerConfig(incomplete)))
                .isNotInstanceOf(NullPointerException.class);

        store.stop();
    }

    @Test
    void debeziumsOwnKafkaOffsetStoreLeavesItsAdminClientRunningAfterItStops() {
        String adminThread = ADMIN_THREAD + "debezium-servershared-admin";
        long before = threads(adminThread);
        Map<String, String> config = Map.of("name", "outbox-relay.test-" + UUID.randomUUID(), "bootstrap.servers",
                TestServers.get().kafka().bootstrapServers(), "offset.storage.topic", "relay.test-offsets",
                "offset.storage.partitions", "1", "offset.storage.replication.factor", "1");
        KafkaOffsetBackingStore store = KafkaConnectUtil.kafkaOffsetBackingStore(config);
        store.configure(new EmbeddedWorkerConfig(new HashMap<>(config)));
        store.start();
        store.stop();

        assertThat(threads(adminThread)).isEqualTo(before + 1);
    }

    private static WorkerConfig config(String reader) {
        // the engine's configuration, to which Debezium adds the worker's required settings
        return new EmbeddedWorkerConfig(new HashMap<>(Map.of("name", reader,
                ClosingKafkaOffsetBackingStore.REGISTRY_KEY, reader + "#1",
                "bootstrap.servers", TestServers.get().kafka().bootstrapServers(),
                "offset.storage.topic", "relay.test-offsets",
                "offset.storage.partitions", "1",
                "offset.storage.replication.factor", "1")));
    }

    private static long threads(String namePart) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().contains(namePart))
                .count();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
