package analytics.application;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import analytics.domain.LiveDeliveryLookup;
import analytics.application.port.in.LiveStatusQuery;
import analytics.application.port.out.LiveStoresPort;
import analytics.domain.AlarmSnapshot;
import analytics.domain.IntegratedDelivery;

@Service
class LiveStatusService implements LiveStatusQuery {

    /** The statuses a delivery can be in while in progress, in the order of its life. */
    static final IntegratedDelivery.Status[] IN_PROGRESS = { IntegratedDelivery.Status.CREATED,
            IntegratedDelivery.Status.RIDER_ASSIGNED, IntegratedDelivery.Status.PICKUP_READY_REQUESTED,
            IntegratedDelivery.Status.PICKED_UP };

    private final LiveStoresPort stores;
    private final AlarmProperties properties;
    private final Clock clock;

    LiveStatusService(LiveStoresPort stores, AlarmProperties properties, Clock clock) {
        this.stores = stores;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public @Nullable AlarmSnapshot currentAlarms() {
        AlarmSnapshot snapshot = stores.alarmSnapshot();
        return snapshot == null || snapshot.evaluatedAt().plus(properties.gate().keepFor()).isBefore(clock.instant())
                ? null : snapshot;
    }

    @Override
    public StatusCounts statusCounts() {
        Map<String, Long> stored = stores.statusCounts();
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (IntegratedDelivery.Status status : IN_PROGRESS) {
            long count = stored.getOrDefault(status.name(), 0L);
            counts.put(status.name(), count);
            total += count;
        }
        return new StatusCounts(counts, total);
    }

    @Override
    public LiveDeliveryLookup delivery(UUID deliveryId) {
        return stores.delivery(deliveryId);
    }
}
