package delivery.adapter.out.persistence;

import static delivery.adapter.out.persistence.schema.Tables.DELIVERY;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.Field;
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
import platform.persistence.RenderedStatement;

/** The {@code delivery} table through jOOQ. All times are stored as UTC {@code DATETIME(6)}. */
@Repository
class JooqDeliveries implements LoadDeliveryPort, SaveDeliveryPort {

    /** every column, in the table's order: what an insert writes */
    private static final List<Field<?>> COLUMNS = List.of(DELIVERY.fields());
    /** what an update writes: every column but the key */
    private static final List<Field<?>> UPDATED_COLUMNS = COLUMNS.stream()
            .filter(column -> !column.equals(DELIVERY.ID))
            .toList();

    private final DSLContext sql;
    // the statements of every change, rendered once (see RenderedStatement for why)
    private final RenderedStatement loadById;
    private final RenderedStatement loadByOrder;
    private final RenderedStatement insert;
    private final RenderedStatement update;

    JooqDeliveries(DSLContext sql) {
        this.sql = sql;
        this.loadById = RenderedStatement.of(sql, sql.selectFrom(DELIVERY)
                .where(DELIVERY.ID.eq(RenderedStatement.placeholder(DELIVERY.ID))));
        this.loadByOrder = RenderedStatement.of(sql, sql.selectFrom(DELIVERY)
                .where(DELIVERY.ORDER_SERVICE.eq(RenderedStatement.placeholder(DELIVERY.ORDER_SERVICE)),
                        DELIVERY.ORDER_ID.eq(RenderedStatement.placeholder(DELIVERY.ORDER_ID))));
        // insertInto(..).columns(..).values(..), not record.insert(): jOOQ's MARIADB dialect fetches the key back
        // with INSERT .. RETURNING, which mysql-connector-j refuses to run as a query; the key is ours anyway
        this.insert = RenderedStatement.of(sql, sql.insertInto(DELIVERY)
                .columns(COLUMNS)
                .values(COLUMNS.stream().map(RenderedStatement::placeholder).toList()));
        Map<Field<?>, Object> assignments = new LinkedHashMap<>();
        UPDATED_COLUMNS.forEach(column -> assignments.put(column, RenderedStatement.placeholder(column)));
        this.update = RenderedStatement.of(sql, sql.update(DELIVERY)
                .set(assignments)
                .where(DELIVERY.ID.eq(RenderedStatement.placeholder(DELIVERY.ID)),
                        DELIVERY.VERSION.eq(RenderedStatement.placeholder(DELIVERY.VERSION))));
    }

    @Override
    public Optional<Delivery> load(DeliveryId id) {
        return loadById.fetchOptional(DELIVERY, id.toString()).map(JooqDeliveries::toDomain);
    }

    @Override
    public Optional<Delivery> loadByOrder(OrderReference order) {
        return loadByOrder.fetchOptional(DELIVERY, order.orderService(), order.orderId())
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
            insert.execute(values(row, COLUMNS));
        } catch (DuplicateKeyException e) {
            throw new OrderAlreadyHandedOverException(e);
        }
    }

    @Override
    public void update(Delivery delivery, long expectedVersion) {
        DeliveryRecord row = sql.newRecord(DELIVERY);
        write(delivery.snapshot(), row);
        Object[] values = Arrays.copyOf(values(row, UPDATED_COLUMNS), UPDATED_COLUMNS.size() + 2);
        values[UPDATED_COLUMNS.size()] = delivery.id().toString();
        values[UPDATED_COLUMNS.size() + 1] = expectedVersion;
        int updated = update.execute(values);
        if (updated != 1) {
            throw new StaleDeliveryException("delivery " + delivery.id() + " is no longer at version " + expectedVersion);
        }
    }

    /** the row's values of these columns, in their order: the placeholders' order in the rendered statements */
    private static Object[] values(DeliveryRecord row, List<Field<?>> columns) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(columns.get(i));
        }
        return values;
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
