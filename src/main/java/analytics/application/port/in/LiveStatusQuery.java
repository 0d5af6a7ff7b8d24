package analytics.application.port.in;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import analytics.domain.AlarmSnapshot;
import analytics.domain.LiveDeliveryLookup;

/** The live stores: deliveries in progress, counted per status. */
public interface LiveStatusQuery {

    /** Same on every instance. */
    StatusCounts statusCounts();

    /** Answered from this instance's store, or where the delivery's partition lives. */
    LiveDeliveryLookup delivery(UUID deliveryId);

    /**
     * The alarm evaluator's latest view, if there is a current one: null before the first evaluation and when it
     * is older than the gate keeps following one ({@code relay.alarms.gate.keep-for}).
     */
    @Nullable AlarmSnapshot currentAlarms();

    /** Every in-progress status with its count (0 if none), and their sum. */
    record StatusCounts(Map<String, Long> counts, long inProgress) {
    }
}
