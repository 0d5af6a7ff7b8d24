package delivery.adapter.out.persistence;

import static delivery.adapter.out.persistence.schema.Tables.DELIVERY;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Repository;

import delivery.DeliveryStatus;
import delivery.adapter.out.persistence.schema.tables.records.DeliveryRecord;
import delivery.application.port.out.LoadDeliveryPort;
import delivery.application.port.out.SaveDeliveryPort;
import delivery.domain.Delivery;
import delivery.domain.DeliveryId;
import delivery.domain.HandOver;
import delivery.domain.OrderReference;
import delivery.domain.Place;
import delivery.domain.ServiceAssignment;

/** The {@code delivery} table through jOOQ. All times are stored as UTC {@code DATETIME(6)}. */
@Repository
class JooqDeliveries implements LoadDeliveryPort, SaveDeliveryPort {

    private final DSLContext sql;

    JooqDeliveries(DSLContext sql) {
        this.sql = sql;
    }

    @Override
    public Optional<Delivery> load(DeliveryId id) {
        return sql.selectFrom(DELIVERY).where(DELIVERY.ID.eq(id.toString())).fetchOptional().map(JooqDeliveries::toDomain);
    }

    @Override
    public Optional<Delivery> loadByOrder(OrderReference order) {
        return sql.selectFrom(DELIVERY)
                .where(DELIVERY.ORDER_SERVICE.eq(order.orderService()), DELIVERY.ORDER_ID.eq(order.orderId()))
                .fetchOptional()
                .map(JooqDeliveries::toDomain);
    }

    @Override
    public List<Delivery> loadByStatus(DeliveryStatus status, long offset, int limit) {
        return sql.selectFrom(DELIVERY)
                .where(DELIVERY.STATUS.eq(status.name()))
                .orderBy(DELIVERY.CREATED_AT.desc(), DELIVERY.ID.desc())
                .limit(limit)
                .offset(offset)
                .fetch(JooqDeliveries::toDomain);
    }

    @Override
    public void insert(Delivery delivery) {
        DeliveryRecord row = sql.newRecord(DELIVERY);
        write(delivery.snapshot(), row);
        try {
            // insertInto(..).set(record), not record.insert(): jOOQ's MARIADB dialect fetches the key back with
            // INSERT .. RETURNING, which mysql-connector-j refuses to run as a query; the key is ours anyway.
            sql.insertInto(DELIVERY).set(row).execute();
        } catch (DuplicateKeyException e) {
            throw new OrderAlreadyHandedOverException(e);
        }
    }

    @Override
    public void update(Delivery delivery, long expectedVersion) {
        DeliveryRecord row = sql.newRecord(DELIVERY);
        write(delivery.snapshot(), row);
        row.changed(DELIVERY.ID, false);
        int updated = sql.update(DELIVERY)
                .set(row)
                .where(DELIVERY.ID.eq(delivery.id().toString()), DELIVERY.VERSION.eq(expectedVersion))
                .execute();
        if (updated != 1) {
            throw new StaleDeliveryException("delivery " + delivery.id() + " is no longer at version " + expectedVersion);
        }
    }

    private static void write(Delivery.Snapshot s, DeliveryRecord row) {
        HandOver handOver = s.handOver();
        row.setId(s.id().toString());
        row.setOrderService(handOver.order().orderService());
        row.setOrderId(handOver.order().orderId());
        row.setStatus(s.status().name());
        row.setShopName(handOver.shopName());
        row.setPickupAddress(handOver.pickup().address());
        row.setPickupLatitude(handOver.pickup().latitude());
        row.setPickupLongitude(handOver.pickup().longitude());
        row.setDropoffAddress(handOver.dropoff().address());
        row.setDropoffLatitude(handOver.dropoff().latitude());
        row.setDropoffLongitude(handOver.dropoff().longitude());
        row.setRequestedAt(utc(handOver.requestedAt()));
        row.setRiderId(s.riderId());
        row.setRiderAssignedAt(utc(s.riderAssignedAt()));
        row.setPickupReadyRequestedAt(utc(s.pickupReadyRequestedAt()));
        row.setPickedUpAt(utc(s.pickedUpAt()));
        row.setDeliveredAt(utc(s.deliveredAt()));
        row.setCancelledAt(utc(s.cancelledAt()));
        row.setCancelReason(s.cancelReason());
        row.setVersion(s.version());
        row.setCreatedAt(utc(s.createdAt()));
        row.setUpdatedAt(utc(s.updatedAt()));
        if (s.assignment() != null) {
            row.setDeliveryService(s.assignment().deliveryService());
            row.setRoutingRule(s.assignment().rule());
            row.setRoutingRuleSetVersion(s.assignment().ruleSetVersion());
        }
    }

    private static Delivery toDomain(DeliveryRecord row) {
        HandOver handOver = new HandOver(new OrderReference(row.getOrderService(), row.getOrderId()),
                row.getShopName(),
                new Place(row.getPickupAddress(), row.getPickupLatitude(), row.getPickupLongitude()),
                new Place(row.getDropoffAddress(), row.getDropoffLatitude(), row.getDropoffLongitude()),
                instant(row.getRequestedAt()));
        return Delivery.restore(new Delivery.Snapshot(DeliveryId.parse(row.getId()), handOver,
                DeliveryStatus.valueOf(row.getStatus()), row.getRiderId(), instantOrNull(row.getRiderAssignedAt()),
                instantOrNull(row.getPickupReadyRequestedAt()), instantOrNull(row.getPickedUpAt()),
                instantOrNull(row.getDeliveredAt()), instantOrNull(row.getCancelledAt()), row.getCancelReason(),
                row.getVersion(), instant(row.getCreatedAt()),
                instant(row.getUpdatedAt()), assignment(row)));
    }

    private static @Nullable ServiceAssignment assignment(DeliveryRecord row) {
        return row.getDeliveryService() == null ? null : new ServiceAssignment(row.getDeliveryService(),
                row.getRoutingRule(), row.getRoutingRuleSetVersion());
    }

    private static @Nullable LocalDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A NOT NULL column. */
    private static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }

    private static @Nullable Instant instantOrNull(@Nullable LocalDateTime utc) {
        return utc == null ? null : instant(utc);
    }
}
