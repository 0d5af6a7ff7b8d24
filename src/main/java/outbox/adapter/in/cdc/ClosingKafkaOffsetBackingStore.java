package outbox.adapter.in.cdc;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.util.SharedTopicAdmin;
import org.jspecify.annotations.Nullable;

import io.debezium.embedded.KafkaConnectUtil;

/**
 * Kafka Connect's offset store in a Kafka topic, as Debezium's embedded engine builds it for
 * {@code offset.storage=KafkaOffsetBackingStore} ({@code KafkaConnectUtil.kafkaOffsetBackingStore}: the same
 * key converter, an admin client shared by the store's log), except that this one closes the admin client it
 * created when it stops. Connect leaves a supplied admin client to whoever supplied it ({@code KafkaBasedLog.stop}
 * drops it unclosed; in a Connect worker the worker closes it), and Debezium 3.5's engine never does: each engine
 * left an admin client behind, with its network thread, its broker connections and its metadata refreshes — eight
 * at start and one more at every restart of a shard's reader (a database or broker outage restarts all of them,
 * with back-off, until they connect). Seen as a stopped benchmark scenario's admin clients calling a broker that
 * was gone, minutes later. The engine instantiates this class by name ({@code offset.storage}) with its no-argument
 * constructor, then configures, starts and, when it closes, stops it — except when it is closed while it is still
 * starting, before its connector has the store (its close then skips the store; found by review in Debezium 3.5's
 * {@code AsyncEmbeddedEngine}): so each store is also registered, until it stops, under a key its reader gives the
 * engine ({@link #REGISTRY_KEY}, one per engine: two instances in one JVM, as in the tests, have readers of the
 * same name), and the reader stops what is left once its engine has returned ({@link #stopIfStillRunning}).
 *
 * <p>The store's own clients are named after the reader ({@code <reader>-offsets} for its producer and consumer,
 * {@code <reader>-shared-admin} for the admin client) instead of Debezium's {@code debezium-server...}, the same
 * for all eight readers.
 */
public class ClosingKafkaOffsetBackingStore extends KafkaOffsetBackingStore {

    /** The engine property naming this store in the registry; Debezium passes unknown properties through. */
    static final String REGISTRY_KEY = "relay.offset-store.registry-key";

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Stores configured and not yet stopped, by registry key (the engine creates them; nothing hands them over). */
    private static final Map<String, ClosingKafkaOffsetBackingStore> NOT_STOPPED = new ConcurrentHashMap<>();

    private final AtomicReference<@Nullable SharedTopicAdmin> admin;
    private final AtomicReference<String> clientIdBase;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile @Nullable String registryKey;

    public ClosingKafkaOffsetBackingStore() {
        this(new AtomicReference<>(), new AtomicReference<>("relay-offsets-"));
    }

    private ClosingKafkaOffsetBackingStore(AtomicReference<@Nullable SharedTopicAdmin> admin,
            AtomicReference<String> clientIdBase) {
        // both suppliers are asked in configure(), after this class has set what they return; the shared admin
        // creates its client when first asked, as in Debezium's own set-up
        super(() -> Objects.requireNonNull(admin.get(), "configure() creates the admin client").get(),
                clientIdBase::get, KafkaConnectUtil.converterForOffsetStore());
        this.admin = admin;
        this.clientIdBase = clientIdBase;
    }

    @Override
    public void configure(WorkerConfig config) {
        Object name = config.originals().get("name");
        if (name != null) {
            clientIdBase.set(name + "-");
        }
        Object key = config.originals().get(REGISTRY_KEY);
        if (key != null) {
            registryKey = key.toString();
            NOT_STOPPED.put(key.toString(), this);
        }
        // what Debezium's engine gives the admin client: the engine's whole configuration (TLS and SASL included)
        Map<String, Object> adminConfig = new HashMap<>(config.originals());
        adminConfig.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdBase.get() + "shared-admin");
        SharedTopicAdmin previous = admin.getAndSet(new SharedTopicAdmin(adminConfig));
        if (previous != null) {
            previous.close(CLOSE_TIMEOUT);
        }
        super.configure(config);
    }

    /** Once; a store whose configuration failed has no log to stop, and its real error is the one to report. */
    @Override
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            if (offsetLog != null) {
                super.stop();
            }
        } finally {
            SharedTopicAdmin created = admin.getAndSet(null);
            if (created != null) {
                created.close(CLOSE_TIMEOUT);
            }
            String key = registryKey;
            if (key != null) {
                NOT_STOPPED.remove(key, this);
            }
        }
    }

    /** Stops the store registered under {@code registryKey} if its engine, now returned, left it running. */
    static void stopIfStillRunning(String registryKey) {
        ClosingKafkaOffsetBackingStore store = NOT_STOPPED.get(registryKey);
        if (store != null) {
            store.stop();
        }
    }
}
