package delivery.adapter.out.persistence;

import static delivery.adapter.out.persistence.schema.Tables.DELIVERY;
import static platform.persistence.RenderedStatement.setTimestamp;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
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

/**
 * The {@code delivery} table through jOOQ. All times are stored as UTC {@code DATETIME(6)}.
 *
 * <p>Every statement is built with jOOQ's DSL once, at start, and run through Spring's {@link JdbcOperations} on the
 * transaction's connection, its values bound here ({@link RenderedStatement} says why). Values are bound and read as
 * jOOQ binds and reads them, and errors are translated with the same MySQL error codes as Boot's jOOQ set-up uses
 * (a second hand-over of an order is a {@code DuplicateKeyException}, a lock wait timeout a transient error).
 */
@Repository
class JooqDeliveries implements LoadDeliveryPort, SaveDeliveryPort {

    /**
     * What a change can alter. The hand-over, the creation time and the routing decision are final in
     * {@link Delivery}: the insert writes them and no update touches them ({@code JooqDeliveriesUnitTest} compares
     * this list with the domain's fields that are not final).
     */
    static final List<TableField<DeliveryRecord, ?>> CHANGEABLE = List.of(DELIVERY.STATUS, DELIVERY.RIDER_ID,
            DELIVERY.RIDER_ASSIGNED_AT, DELIVERY.PICKUP_READY_REQUESTED_AT, DELIVERY.PICKED_UP_AT,
            DELIVERY.DELIVERED_AT, DELIVERY.CANCELLED_AT, DELIVERY.CANCEL_REASON, DELIVERY.VERSION,
            DELIVERY.UPDATED_AT);

    private static final String EXPECTED_VERSION = "expected_version";
    private static final String LIMIT = "limit";
    private static final String OFFSET = "offset";
    private static final RowMapper<Delivery> TO_DOMAIN = (rs, rowNumber) -> toDomain(rs);

    private final JdbcOperations jdbc;
    private final RenderedStatement selectById;
    private final RenderedStatement selectByOrder;
    private final RenderedStatement selectPageByStatus;
    private final RenderedStatement insert;
    private final RenderedStatement updateAtVersion;

    JooqDeliveries(DSLContext sql, JdbcOperations jdbc) {
        this.jdbc = jdbc;
        this.selectById = RenderedStatement.of(sql.selectFrom(DELIVERY).where(DELIVERY.ID.eq(param(DELIVERY.ID))));
        this.selectByOrder = RenderedStatement.of(sql.selectFrom(DELIVERY).where(
                DELIVERY.ORDER_SERVICE.eq(param(DELIVERY.ORDER_SERVICE)),
                DELIVERY.ORDER_ID.eq(param(DELIVERY.ORDER_ID))));
        this.selectPageByStatus = RenderedStatement.of(sql.selectFrom(DELIVERY)
                .where(DELIVERY.STATUS.eq(param(DELIVERY.STATUS)))
                .orderBy(DELIVERY.CREATED_AT.desc(), DELIVERY.ID.desc())
                .limit(DSL.param(LIMIT, Integer.class))
                .offset(DSL.param(OFFSET, Long.class)));
        this.insert = RenderedStatement.of(sql.insertInto(DELIVERY).columns(DELIVERY.fields())
                .values(Stream.of(DELIVERY.fields()).<Field<?>>map(column -> param(column)).toList()));
        Map<Field<?>, Field<?>> changes = new LinkedHashMap<>();
        CHANGEABLE.forEach(column -> changes.put(column, param(column)));
        this.updateAtVersion = RenderedStatement.of(sql.update(DELIVERY).set(changes)
                .where(DELIVERY.ID.eq(param(DELIVERY.ID)),
                        DELIVERY.VERSION.eq(DSL.param(EXPECTED_VERSION, DELIVERY.VERSION.getDataType()))));
    }

    @Override
    public Optional<Delivery> load(DeliveryId id) {
        return jdbc.query(selectById.sql(), statement -> statement.setString(selectById.at(DELIVERY.ID),
                id.toString()), TO_DOMAIN).stream().findFirst();
    }

    @Override
    public Optional<Delivery> loadByOrder(OrderReference order) {
        return jdbc.query(selectByOrder.sql(), statement -> {
            statement.setString(selectByOrder.at(DELIVERY.ORDER_SERVICE), order.orderService());
            statement.setString(selectByOrder.at(DELIVERY.ORDER_ID), order.orderId());
        }, TO_DOMAIN).stream().findFirst();
    }

    @Override
    public List<Delivery> loadByStatus(DeliveryStatus status, long offset, int limit) {
        return jdbc.query(selectPageByStatus.sql(), statement -> {
            statement.setString(selectPageByStatus.at(DELIVERY.STATUS), status.name());
            statement.setInt(selectPageByStatus.at(LIMIT), limit);
            statement.setLong(selectPageByStatus.at(OFFSET), offset);
        }, TO_DOMAIN);
    }

    @Override
    public void insert(Delivery delivery) {
        Delivery.Snapshot s = delivery.snapshot();
        HandOver handOver = s.handOver();
        ServiceAssignment assignment = s.assignment();
        try {
            jdbc.update(insert.sql(), statement -> {
                statement.setString(insert.at(DELIVERY.ID), s.id().toString());
                statement.setString(insert.at(DELIVERY.ORDER_SERVICE), handOver.order().orderService());
                statement.setString(insert.at(DELIVERY.ORDER_ID), handOver.order().orderId());
                statement.setString(insert.at(DELIVERY.SHOP_NAME), handOver.shopName());
                statement.setString(insert.at(DELIVERY.PICKUP_ADDRESS), handOver.pickup().address());
                statement.setBigDecimal(insert.at(DELIVERY.PICKUP_LATITUDE), handOver.pickup().latitude());
                statement.setBigDecimal(insert.at(DELIVERY.PICKUP_LONGITUDE), handOver.pickup().longitude());
                statement.setString(insert.at(DELIVERY.DROPOFF_ADDRESS), handOver.dropoff().address());
                statement.setBigDecimal(insert.at(DELIVERY.DROPOFF_LATITUDE), handOver.dropoff().latitude());
                statement.setBigDecimal(insert.at(DELIVERY.DROPOFF_LONGITUDE), handOver.dropoff().longitude());
                setTimestamp(statement, insert.at(DELIVERY.REQUESTED_AT), handOver.requestedAt());
                setTimestamp(statement, insert.at(DELIVERY.CREATED_AT), s.createdAt());
                statement.setString(insert.at(DELIVERY.DELIVERY_SERVICE),
                        assignment == null ? null : assignment.deliveryService());
                statement.setString(insert.at(DELIVERY.ROUTING_RULE), assignment == null ? null : assignment.rule());
                if (assignment == null) {
                    statement.setNull(insert.at(DELIVERY.ROUTING_RULE_SET_VERSION), Types.BIGINT);
                } else {
                    statement.setLong(insert.at(DELIVERY.ROUTING_RULE_SET_VERSION), assignment.ruleSetVersion());
                }
                bindChangeable(statement, insert, s);
            });
        } catch (DuplicateKeyException e) {
            throw new OrderAlreadyHandedOverException(e);
        }
    }

    @Override
    public void update(Delivery delivery, long expectedVersion) {
        Delivery.Snapshot s = delivery.snapshot();
        int updated = jdbc.update(updateAtVersion.sql(), statement -> {
            bindChangeable(statement, updateAtVersion, s);
            statement.setString(updateAtVersion.at(DELIVERY.ID), s.id().toString());
            statement.setLong(updateAtVersion.at(EXPECTED_VERSION), expectedVersion);
        });
        if (updated != 1) {
            throw new StaleDeliveryException("delivery " + delivery.id() + " is no longer at version " + expectedVersion);
        }
    }

    /** The {@link #CHANGEABLE} columns, which the insert writes too. */
    private static void bindChangeable(PreparedStatement statement, RenderedStatement into, Delivery.Snapshot s)
            throws SQLException {
        statement.setString(into.at(DELIVERY.STATUS), s.status().name());
        statement.setString(into.at(DELIVERY.RIDER_ID), s.riderId());
        setTimestamp(statement, into.at(DELIVERY.RIDER_ASSIGNED_AT), s.riderAssignedAt());
        setTimestamp(statement, into.at(DELIVERY.PICKUP_READY_REQUESTED_AT), s.pickupReadyRequestedAt());
        setTimestamp(statement, into.at(DELIVERY.PICKED_UP_AT), s.pickedUpAt());
        setTimestamp(statement, into.at(DELIVERY.DELIVERED_AT), s.deliveredAt());
        setTimestamp(statement, into.at(DELIVERY.CANCELLED_AT), s.cancelledAt());
        statement.setString(into.at(DELIVERY.CANCEL_REASON), s.cancelReason());
        statement.setLong(into.at(DELIVERY.VERSION), s.version());
        setTimestamp(statement, into.at(DELIVERY.UPDATED_AT), s.updatedAt());
    }

    /** A row of {@code select * from delivery}, its columns read by name. */
    private static Delivery toDomain(ResultSet rs) throws SQLException {
        HandOver handOver = new HandOver(
                new OrderReference(string(rs, DELIVERY.ORDER_SERVICE), string(rs, DELIVERY.ORDER_ID)),
                string(rs, DELIVERY.SHOP_NAME),
                new Place(string(rs, DELIVERY.PICKUP_ADDRESS), decimal(rs, DELIVERY.PICKUP_LATITUDE),
                        decimal(rs, DELIVERY.PICKUP_LONGITUDE)),
                new Place(string(rs, DELIVERY.DROPOFF_ADDRESS), decimal(rs, DELIVERY.DROPOFF_LATITUDE),
                        decimal(rs, DELIVERY.DROPOFF_LONGITUDE)),
                instant(rs, DELIVERY.REQUESTED_AT));
        return Delivery.restore(new Delivery.Snapshot(DeliveryId.parse(string(rs, DELIVERY.ID)), handOver,
                DeliveryStatus.valueOf(string(rs, DELIVERY.STATUS)), nullableString(rs, DELIVERY.RIDER_ID),
                instantOrNull(rs, DELIVERY.RIDER_ASSIGNED_AT), instantOrNull(rs, DELIVERY.PICKUP_READY_REQUESTED_AT),
                instantOrNull(rs, DELIVERY.PICKED_UP_AT), instantOrNull(rs, DELIVERY.DELIVERED_AT),
                instantOrNull(rs, DELIVERY.CANCELLED_AT), nullableString(rs, DELIVERY.CANCEL_REASON),
                number(rs, DELIVERY.VERSION), instant(rs, DELIVERY.CREATED_AT),
                instant(rs, DELIVERY.UPDATED_AT),
                assignment(rs)));
    }

    /** The routing decision's three columns are written together, and all null in rows written before V4. */
    private static @Nullable ServiceAssignment assignment(ResultSet rs) throws SQLException {
        String deliveryService = nullableString(rs, DELIVERY.DELIVERY_SERVICE);
        return deliveryService == null ? null : new ServiceAssignment(deliveryService,
                string(rs, DELIVERY.ROUTING_RULE), number(rs, DELIVERY.ROUTING_RULE_SET_VERSION));
    }

    private static <T> Param<T> param(Field<T> column) {
        return DSL.param(column.getName(), column.getDataType());
    }

    private static String string(ResultSet rs, TableField<DeliveryRecord, String> column) throws SQLException {
        return Objects.requireNonNull(rs.getString(column.getName()), column.getName());
    }

    private static @Nullable String nullableString(ResultSet rs, TableField<DeliveryRecord, String> column)
            throws SQLException {
        return rs.getString(column.getName());
    }

    private static long number(ResultSet rs, TableField<DeliveryRecord, Long> column) throws SQLException {
        long value = rs.getLong(column.getName());
        if (rs.wasNull()) {
            throw new NullPointerException(column.getName());
        }
        return value;
    }

    private static BigDecimal decimal(ResultSet rs, TableField<DeliveryRecord, BigDecimal> column)
            throws SQLException {
        return Objects.requireNonNull(rs.getBigDecimal(column.getName()), column.getName());
    }

    private static @Nullable Instant instantOrNull(ResultSet rs, TableField<DeliveryRecord, LocalDateTime> column)
            throws SQLException {
        return instantOrNull(RenderedStatement.getTimestamp(rs, column.getName()));
    }

    private static Instant instant(ResultSet rs, TableField<DeliveryRecord, LocalDateTime> column)
            throws SQLException {
        return Objects.requireNonNull(instantOrNull(rs, column), column.getName());
    }

    /** A NOT NULL column. */
    private static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }

    private static @Nullable Instant instantOrNull(@Nullable LocalDateTime utc) {
        return utc == null ? null : instant(utc);
    }
}
