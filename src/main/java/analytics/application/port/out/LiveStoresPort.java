package analytics.application.port.out;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import analytics.domain.LiveDeliveryLookup;
import analytics.application.port.in.LiveStoresUnavailableException;
import analytics.domain.AlarmSnapshot;
import analytics.domain.GateOverride;

/** Reads the live stores of this instance's Kafka Streams application. Reads throw {@link LiveStoresUnavailableException}. */
public interface LiveStoresPort {

    /** Count per status, as far as known (statuses without deliveries may be absent). */
    Map<String, Long> statusCounts();

    LiveDeliveryLookup delivery(UUID deliveryId);

    @Nullable AlarmSnapshot alarmSnapshot();

    @Nullable GateOverride gateOverride();

    /** The Streams client's state, e.g. RUNNING, REBALANCING. */
    String state();

    /** Records still to restore into this instance's stores. */
    long restoringRecords();
}
