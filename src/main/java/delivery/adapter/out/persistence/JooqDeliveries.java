package delivery.adapter.out.persistence;

import static delivery.adapter.out.persistence.schema.Tables.DELIVERY;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.TableField;
import org.jooq.UpdateSetMoreStep;
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

/**
 * The {@code delivery} table through jOOQ. All times are stored as UTC {@code DATETIME(6)}.
 *
 * <p>Every statement — the hand-over's insert, load by id, by order, a page by status, and the versioned update —
 * is built with jOOQ's DSL and rendered once, then run on the transaction's connection through
 * Spring's {@link JdbcOperations} with the values bound here: what jOOQ's manual advises for statements run many
 * times ("Performance considerations": cache the SQL jOOQ generates and prepare your own statements). Rendering
 * the same SQL on every execution, jOOQ's execution context and its record mapping were about a quarter of the
 * request threads' CPU in the day run's profile (docs/benchmarks.md, "The write path's SQL rendered once").
 * Values are bound and read as jOOQ binds and reads them ({@code Timestamp.valueOf(LocalDateTime)} and back;
 * the driver's types otherwise), and Spring's {@code JdbcTemplate} translates errors into Spring's
 * {@code DataAccessException}s, as Boot's jOOQ set-up does for jOOQ's statements (a second hand-over of an order
 * is its {@code DuplicateKeyException}).
 */
@Repository
class JooqDeliveries implements LoadDeliveryPort, SaveDeliveryPort {

    /**
     * What a change can alter, in the order bound. The hand-over, the creation time and the routing decision are
     * final in {@link Delivery}: the insert writes them and no update touches them.
     */
    static final List<TableField<DeliveryRecord, ?>> CHANGEABLE = List.of(DELIVERY.STATUS, DELIVERY.RIDER_ID,
            DELIVERY.RIDER_ASSIGNED_AT, DELIVERY.PICKUP_READY_REQUESTED_AT, DELIVERY.PICKED_UP_AT,
            DELIVERY.DELIVERED_AT, DELIVERY.CANCELLED_AT, DELIVERY.CANCEL_REASON, DELIVERY.VERSION,
            DELIVERY.UPDATED_AT);

    private static final RowMapper<Delivery> TO_DOMAIN = (rs, rowNumber) -> toDomain(rs);

    private final JdbcOperations jdbc;
    private final String selectById;
    private final String selectByOrder;
    private final String selectPageByStatus;
    private final String insertDelivery;
    private final String updateAtVersion;

    JooqDeliveries(DSLContext sql, JdbcOperations jdbc) {
        this.jdbc = jdbc;
        this.selectById = render(sql, sql.selectFrom(DELIVERY).where(DELIVERY.ID.eq(param(DELIVERY.ID))), "id");
        this.selectByOrder = render(sql, sql.selectFrom(DELIVERY).where(
                DELIVERY.ORDER_SERVICE.eq(param(DELIVERY.ORDER_SERVICE)), DELIVERY.ORDER_ID.eq(param(DELIVERY.ORDER_ID))),
                "order_service", "order_id");
        this.selectPageByStatus = render(sql, sql.selectFrom(DELIVERY)
                .where(DELIVERY.STATUS.eq(param(DELIVERY.STATUS)))
                .orderBy(DELIVERY.CREATED_AT.desc(), DELIVERY.ID.desc())
                .limit(DSL.param("limit", Integer.class))
                .offset(DSL.param("offset", Long.class)),
                "status", "offset", "limit"); // MariaDB's dialect renders OFFSET .. FETCH NEXT .. ROWS ONLY
        this.insertDelivery = render(sql, sql.insertInto(DELIVERY).columns(DELIVERY.fields())
                .values(Stream.of(DELIVERY.fields()).<Field<?>>map(column -> param(column)).toList()),
                Stream.of(DELIVERY.fields()).map(Field::getName).toArray(String[]::new));
        UpdateSetMoreStep<DeliveryRecord> update = sql.update(DELIVERY).set(DELIVERY.STATUS, param(DELIVERY.STATUS));
        for (TableField<DeliveryRecord, ?> column : CHANGEABLE.subList(1, CHANGEABLE.size())) {
            update = set(update, column);
        }
        List<String> updateParameters = new ArrayList<>(CHANGEABLE.stream().map(Field::getName).toList());
        updateParameters.addAll(List.of("id", "expected_version"));
        this.updateAtVersion = render(sql, update.where(DELIVERY.ID.eq(param(DELIVERY.ID)),
                DELIVERY.VERSION.eq(DSL.param("expected_version", DELIVERY.VERSION.getDataType()))),
                updateParameters.toArray(String[]::new));
    }

    @Override
    public Optional<Delivery> load(DeliveryId id) {
        return jdbc.query(selectById, statement -> statement.setString(1, id.toString()), TO_DOMAIN)
                .stream().findFirst();
    }

    @Override
    public Optional<Delivery> loadByOrder(OrderReference order) {
        return jdbc.query(selectByOrder, statement -> {
            statement.setString(1, order.orderService());
            statement.setString(2, order.orderId());
        }, TO_DOMAIN).stream().findFirst();
    }

    @Override
    public List<Delivery> loadByStatus(DeliveryStatus status, long offset, int limit) {
        return jdbc.query(selectPageByStatus, statement -> {
            statement.setString(1, status.name());
            statement.setLong(2, offset);
            statement.setInt(3, limit);
        }, TO_DOMAIN);
    }

    @Override
    public void insert(Delivery delivery) {
        Delivery.Snapshot s = delivery.snapshot();
        HandOver handOver = s.handOver();
        ServiceAssignment assignment = s.assignment();
        try {
            jdbc.update(insertDelivery, statement -> {
                // in the table's column order (DELIVERY.fields())
                statement.setString(1, s.id().toString());
                statement.setString(2, handOver.order().orderService());
                statement.setString(3, handOver.order().orderId());
                statement.setString(4, s.status().name());
                statement.setString(5, handOver.shopName());
                statement.setString(6, handOver.pickup().address());
                statement.setBigDecimal(7, handOver.pickup().latitude());
                statement.setBigDecimal(8, handOver.pickup().longitude());
                statement.setString(9, handOver.dropoff().address());
                statement.setBigDecimal(10, handOver.dropoff().latitude());
                statement.setBigDecimal(11, handOver.dropoff().longitude());
                setTimestamp(statement, 12, handOver.requestedAt());
                statement.setString(13, s.riderId());
                setTimestamp(statement, 14, s.riderAssignedAt());
                setTimestamp(statement, 15, s.pickupReadyRequestedAt());
                setTimestamp(statement, 16, s.pickedUpAt());
                setTimestamp(statement, 17, s.deliveredAt());
                setTimestamp(statement, 18, s.cancelledAt());
                statement.setString(19, s.cancelReason());
                statement.setLong(20, s.version());
                setTimestamp(statement, 21, s.createdAt());
                setTimestamp(statement, 22, s.updatedAt());
                statement.setString(23, assignment == null ? null : assignment.deliveryService());
                statement.setString(24, assignment == null ? null : assignment.rule());
                if (assignment == null) {
                    statement.setNull(25, Types.BIGINT);
                } else {
                    statement.setLong(25, assignment.ruleSetVersion());
                }
            });
        } catch (DuplicateKeyException e) {
            throw new OrderAlreadyHandedOverException(e);
        }
    }

    @Override
    public void update(Delivery delivery, long expectedVersion) {
        Delivery.Snapshot s = delivery.snapshot();
        int updated = jdbc.update(updateAtVersion, statement -> {
            // in CHANGEABLE's order, then the key and the version read
            statement.setString(1, s.status().name());
            statement.setString(2, s.riderId());
            setTimestamp(statement, 3, s.riderAssignedAt());
            setTimestamp(statement, 4, s.pickupReadyRequestedAt());
            setTimestamp(statement, 5, s.pickedUpAt());
            setTimestamp(statement, 6, s.deliveredAt());
            setTimestamp(statement, 7, s.cancelledAt());
            statement.setString(8, s.cancelReason());
            statement.setLong(9, s.version());
            setTimestamp(statement, 10, s.updatedAt());
            statement.setString(11, s.id().toString());
            statement.setLong(12, expectedVersion);
        });
        if (updated != 1) {
            throw new StaleDeliveryException("delivery " + delivery.id() + " is no longer at version " + expectedVersion);
        }
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

    /**
     * A statement rendered once with {@code ?} for each parameter, after checking that jOOQ placed the parameters
     * in the order the binding code sets them (a start-up failure, not a value in the wrong column).
     */
    private static String render(DSLContext sql, Query query, String... parameterOrder) {
        List<String> placed = List.copyOf(query.getParams().keySet());
        if (!placed.equals(List.of(parameterOrder))) {
            throw new IllegalStateException("jOOQ placed the parameters of " + query + " as " + placed
                    + ", the binding code sets " + List.of(parameterOrder));
        }
        return sql.render(query);
    }

    private static <T> Param<T> param(Field<T> column) {
        return DSL.param(column.getName(), column.getDataType());
    }

    private static <T> UpdateSetMoreStep<DeliveryRecord> set(UpdateSetMoreStep<DeliveryRecord> update,
            TableField<DeliveryRecord, T> column) {
        return update.set(column, param(column));
    }

    /** Bound as jOOQ binds a {@code LocalDateTime}: {@code Timestamp.valueOf}, then {@code setTimestamp}. */
    private static void setTimestamp(PreparedStatement statement, int index, @Nullable Instant instant)
            throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setTimestamp(index, Timestamp.valueOf(utc(instant)));
        }
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

    /** Read as jOOQ reads a {@code LocalDateTime}: {@code getTimestamp}, then {@code toLocalDateTime}. */
    private static @Nullable Instant instantOrNull(ResultSet rs, TableField<DeliveryRecord, LocalDateTime> column)
            throws SQLException {
        Timestamp value = rs.getTimestamp(column.getName());
        return value == null ? null : instant(value.toLocalDateTime());
    }

    private static Instant instant(ResultSet rs, TableField<DeliveryRecord, LocalDateTime> column)
            throws SQLException {
        return Objects.requireNonNull(instantOrNull(rs, column), column.getName());
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
