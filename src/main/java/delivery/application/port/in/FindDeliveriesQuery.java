package delivery.application.port.in;

import java.util.List;

import delivery.DeliveryStatus;
import delivery.domain.Delivery;
import delivery.domain.DeliveryId;

public interface FindDeliveriesQuery {

    /** @throws DeliveryNotFoundException if there is no such delivery */
    Delivery.Snapshot get(DeliveryId id);

    /** Deliveries in one status, newest first. */
    Page byStatus(DeliveryStatus status, int page, int size);

    record Page(List<Delivery.Snapshot> items, int page, int size, boolean hasNext) {
    }
}
