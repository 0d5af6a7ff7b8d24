package delivery.application.port.out;

import java.util.List;
import java.util.Optional;

import delivery.DeliveryStatus;
import delivery.domain.Delivery;
import delivery.domain.DeliveryId;
import delivery.domain.OrderReference;

public interface LoadDeliveryPort {

    Optional<Delivery> load(DeliveryId id);

    Optional<Delivery> loadByOrder(OrderReference order);

    /** Newest first; at most {@code limit} rows from {@code offset}. */
    List<Delivery> loadByStatus(DeliveryStatus status, long offset, int limit);
}
