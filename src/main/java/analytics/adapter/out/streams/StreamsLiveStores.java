package analytics.adapter.out.streams;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

import analytics.adapter.in.streams.JsonSerde;
import analytics.adapter.in.streams.LiveStatusTopology;
import analytics.adapter.in.streams.StoreRestoreProgress;
import analytics.domain.LiveDeliveryLookup;
import analytics.domain.LiveDeliveryLookup.Found;
import analytics.domain.LiveDeliveryLookup.KeptElsewhere;
import analytics.domain.LiveDeliveryLookup.NotInProgress;
import analytics.application.port.in.LiveStoresUnavailableException;
import analytics.application.port.out.LiveStoresPort;
import analytics.domain.AlarmSnapshot;
import analytics.domain.GateOverride;
import analytics.domain.IntegratedDelivery;

/**
 * Interactive queries against this instance's Streams application. Global stores (counts, alarm state, override)
 * hold everything on every instance; the in-progress deliveries are partitioned, so a key is answered here only if
 * its partition is active here, and otherwise with the instance that has it ({@code application.server}).
 */
@Component
class StreamsLiveStores implements LiveStoresPort {

    private final ObjectProvider<StreamsBuilderFactoryBean> factory;
    private final ObjectProvider<StoreRestoreProgress> restore;

    StreamsLiveStores(ObjectProvider<StreamsBuilderFactoryBean> factory,
            ObjectProvider<StoreRestoreProgress> restore) {
        this.factory = factory;
        this.restore = restore;
    }

    @Override
    public Map<String, Long> statusCounts() {
        ReadOnlyKeyValueStore<String, Long> store = store(LiveStatusTopology.GLOBAL_COUNTS_STORE, -1);
        Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(entry -> counts.put(entry.key, entry.value));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        return counts;
    }

    @Override
    public LiveDeliveryLookup delivery(UUID deliveryId) {
        KafkaStreams streams = running();
        String key = deliveryId.toString();
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(LiveStatusTopology.LIVE_STORE, key, Serdes.String().serializer());
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw unavailable(e);
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new LiveStoresUnavailableException("the live store's partitions are being assigned");
        }
        HostInfo here = here();
        if (here != null && !metadata.activeHost().equals(here)) {
            return new KeptElsewhere(metadata.activeHost().host() + ":" + metadata.activeHost().port());
        }
        ReadOnlyKeyValueStore<String, IntegratedDelivery> store = store(LiveStatusTopology.LIVE_STORE,
                metadata.partition());
        try {
            IntegratedDelivery delivery = store.get(key);
            return delivery == null ? new NotInProgress() : new Found(delivery);
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    @Override
    public @Nullable AlarmSnapshot alarmSnapshot() {
        String json = globalString(LiveStatusTopology.ALARM_STATE_STORE, LiveStatusTopology.ALARM_STATE_KEY);
        return json == null ? null : JsonSerde.JSON.readValue(json, AlarmSnapshot.class);
    }

    @Override
    public @Nullable GateOverride gateOverride() {
        String json = globalString(LiveStatusTopology.GATE_OVERRIDE_STORE, LiveStatusTopology.GATE_OVERRIDE_KEY);
        return json == null ? null : JsonSerde.JSON.readValue(json, GateOverride.class);
    }

    @Override
    public String state() {
        StreamsBuilderFactoryBean bean = factory.getIfAvailable();
        if (bean == null) {
            return "DISABLED";
        }
        KafkaStreams streams = bean.getKafkaStreams();
        return streams == null ? "NOT_STARTED" : streams.state().name();
    }

    @Override
    public long restoringRecords() {
        StoreRestoreProgress progress = restore.getIfAvailable();
        return progress == null ? 0 : progress.remainingRecords();
    }

    private @Nullable String globalString(String storeName, String key) {
        ReadOnlyKeyValueStore<String, String> store = store(storeName, -1);
        try {
            return store.get(key);
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        KafkaStreams streams = running();
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters = StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore());
        if (partition >= 0) {
            parameters = parameters.withPartition(partition);
        }
        try {
            return streams.store(parameters);
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private KafkaStreams running() {
        StreamsBuilderFactoryBean bean = factory.getIfAvailable();
        if (bean == null) {
            throw new LiveStoresUnavailableException("analytics is switched off (relay.analytics.enabled=false)");
        }
        KafkaStreams streams = bean.getKafkaStreams();
        if (streams == null) {
            throw new LiveStoresUnavailableException("the analytics Streams application has not started");
        }
        KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            throw new LiveStoresUnavailableException("the analytics Streams application is " + state);
        }
        return streams;
    }

    private @Nullable HostInfo here() {
        StreamsBuilderFactoryBean bean = factory.getIfAvailable();
        var config = bean == null ? null : bean.getStreamsConfiguration();
        String server = config == null ? null : config.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return server == null || server.isBlank() ? null : HostInfo.buildFromEndpoint(server);
    }

    private LiveStoresUnavailableException unavailable(RuntimeException e) {
        long restoring = restoringRecords();
        return new LiveStoresUnavailableException(restoring > 0 ? "restoring " + restoring + " record(s) into the "
                + "live stores" : "the live stores are not queryable now (" + e.getMessage() + ")", e);
    }
}
