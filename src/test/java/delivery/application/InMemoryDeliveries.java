package delivery.application;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import delivery.DeliveryEvent;
import delivery.DeliveryStatus;
import delivery.application.port.out.LoadDeliveryPort;
import delivery.application.port.out.PublishDeliveryEventPort;
import delivery.application.port.out.SaveDeliveryPort;
import delivery.domain.Delivery;
import delivery.domain.DeliveryId;
import delivery.domain.OrderReference;

/** In-memory fakes of the delivery module's outbound ports, with the same version check as the database. */
class InMemoryDeliveries implements LoadDeliveryPort, SaveDeliveryPort, PublishDeliveryEventPort {

    final Map<DeliveryId, Delivery.Snapshot> rows = new ConcurrentHashMap<>();
    final List<DeliveryEvent> published = new ArrayList<>();
    /** Updates that lose to a concurrent writer before they may win, to exercise the retry. */
    int updatesToLose;
    /** Orders whose insert fails as if another caller had inserted them a moment earlier. */
    Delivery.Snapshot raceWinner;

    @Override
    public Optional<Delivery> load(DeliveryId id) {
        return Optional.ofNullable(rows.get(id)).map(Delivery::restore);
    }

    @Override
    public Optional<Delivery> loadByOrder(OrderReference order) {
        return rows.values().stream().filter(s -> s.handOver().order().equals(order)).findFirst().map(Delivery::restore);
    }

    @Override
    public List<Delivery> loadByStatus(DeliveryStatus status, long offset, int limit) {
        return rows.values().stream()
                .filter(s -> s.status() == status)
                .sorted(Comparator.comparing(Delivery.Snapshot::createdAt).reversed())
                .skip(offset).limit(limit)
                .map(Delivery::restore)
                .toList();
    }

    @Override
    public void insert(Delivery delivery) {
        if (raceWinner != null) {
            rows.put(raceWinner.id(), raceWinner);
            raceWinner = null;
            throw new OrderAlreadyHandedOverException(new IllegalStateException("duplicate order"));
        }
        rows.put(delivery.id(), delivery.snapshot());
    }

    @Override
    public void update(Delivery delivery, long expectedVersion) {
        Delivery.Snapshot stored = rows.get(delivery.id());
        if (updatesToLose > 0) {
            updatesToLose--;
            throw new StaleDeliveryException("lost to a concurrent writer");
        }
        if (stored.version() != expectedVersion) {
            throw new StaleDeliveryException("stored version is " + stored.version());
        }
        rows.put(delivery.id(), delivery.snapshot());
    }

    @Override
    public void publish(DeliveryEvent event) {
        published.add(event);
    }
}
