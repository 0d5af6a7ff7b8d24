package outbox.adapter.in.cdc;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
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
 * constructor, then configures, starts and, when it closes, stops it.
 *
 * <p>The store's own clients are named after the reader ({@code <reader>-offsets} for its producer and consumer,
 * {@code <reader>-shared-admin} for the admin client) instead of Debezium's {@code debezium-server...}, the same
 * for all eight readers.
 */
public class ClosingKafkaOffsetBackingStore extends KafkaOffsetBackingStore {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final AtomicReference<@Nullable SharedTopicAdmin> admin;
    private final AtomicReference<String> clientIdBase;

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
        // what Debezium's engine gives the admin client: the engine's whole configuration (TLS and SASL included)
        Map<String, Object> adminConfig = new HashMap<>(config.originals());
        adminConfig.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdBase.get() + "shared-admin");
        SharedTopicAdmin previous = admin.getAndSet(new SharedTopicAdmin(adminConfig));
        if (previous != null) {
            previous.close(CLOSE_TIMEOUT);
        }
        super.configure(config);
    }

    @Override
    public void stop() {
        try {
            super.stop();
        } finally {
            SharedTopicAdmin created = admin.getAndSet(null);
            if (created != null) {
                created.close(CLOSE_TIMEOUT);
            }
        }
    }
}
