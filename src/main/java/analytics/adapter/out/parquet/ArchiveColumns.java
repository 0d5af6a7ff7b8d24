package analytics.adapter.out.parquet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import analytics.domain.IntegratedDelivery;
import analytics.domain.IntegratedDelivery.Location;
import analytics.domain.archive.ArchiveEntry;

/**
 * The archive's row: every field of {@link IntegratedDelivery}, places flattened ({@code pickup_latitude}), in
 * snake_case, plus the source partition and offset. The partition columns {@code dt} and {@code hr} are not in the
 * files: they come from the directory names (hive partitioning), as Athena and DuckDB read them.
 */
final class ArchiveColumns {

    enum Type {
        VARCHAR("VARCHAR"), INTEGER("INTEGER"), BIGINT("BIGINT"), COORDINATE("DECIMAL(9,6)"),
        TIMESTAMP("TIMESTAMPTZ");

        final String sql;

        Type(String sql) {
            this.sql = sql;
        }
    }

    record Column(String name, Type type, Function<ArchiveEntry, @Nullable Object> value) {
    }

    static final List<Column> ALL = List.of(
            column("schema_version", Type.INTEGER, d -> d.schemaVersion()),
            column("delivery_id", Type.VARCHAR, d -> d.deliveryId().toString()),
            column("order_service", Type.VARCHAR, IntegratedDelivery::orderService),
            column("order_id", Type.VARCHAR, IntegratedDelivery::orderId),
            column("shop_name", Type.VARCHAR, IntegratedDelivery::shopName),
            column("pickup_address", Type.VARCHAR, d -> address(d.pickup())),
            column("pickup_latitude", Type.COORDINATE, d -> d.pickup() == null ? null : d.pickup().latitude()),
            column("pickup_longitude", Type.COORDINATE, d -> d.pickup() == null ? null : d.pickup().longitude()),
            column("dropoff_address", Type.VARCHAR, d -> address(d.dropoff())),
            column("dropoff_latitude", Type.COORDINATE, d -> d.dropoff() == null ? null : d.dropoff().latitude()),
            column("dropoff_longitude", Type.COORDINATE, d -> d.dropoff() == null ? null : d.dropoff().longitude()),
            column("requested_at", Type.TIMESTAMP, IntegratedDelivery::requestedAt),
            column("delivery_service", Type.VARCHAR, IntegratedDelivery::deliveryService),
            column("routing_rule", Type.VARCHAR, IntegratedDelivery::routingRule),
            column("routing_rule_set_version", Type.BIGINT, IntegratedDelivery::routingRuleSetVersion),
            column("rider_id", Type.VARCHAR, IntegratedDelivery::riderId),
            column("status", Type.VARCHAR, d -> d.status().name()),
            column("outcome", Type.VARCHAR, d -> d.outcome() == null ? null : d.outcome().name()),
            column("cancelled_in", Type.VARCHAR, IntegratedDelivery::cancelledIn),
            column("cancel_reason", Type.VARCHAR, IntegratedDelivery::cancelReason),
            column("created_at", Type.TIMESTAMP, IntegratedDelivery::createdAt),
            column("rider_assigned_at", Type.TIMESTAMP, IntegratedDelivery::riderAssignedAt),
            column("pickup_ready_requested_at", Type.TIMESTAMP, IntegratedDelivery::pickupReadyRequestedAt),
            column("picked_up_at", Type.TIMESTAMP, IntegratedDelivery::pickedUpAt),
            column("delivered_at", Type.TIMESTAMP, IntegratedDelivery::deliveredAt),
            column("cancelled_at", Type.TIMESTAMP, IntegratedDelivery::cancelledAt),
            column("expired_at", Type.TIMESTAMP, IntegratedDelivery::expiredAt),
            column("to_assignment_millis", Type.BIGINT, IntegratedDelivery::toAssignmentMillis),
            column("pickup_wait_millis", Type.BIGINT, IntegratedDelivery::pickupWaitMillis),
            column("to_delivery_millis", Type.BIGINT, IntegratedDelivery::toDeliveryMillis),
            column("total_millis", Type.BIGINT, IntegratedDelivery::totalMillis),
            column("last_sequence", Type.BIGINT, IntegratedDelivery::lastSequence),
            column("last_event_id", Type.VARCHAR, d -> d.lastEventId().toString()),
            column("last_event_type", Type.VARCHAR, IntegratedDelivery::lastEventType),
            column("updated_at", Type.TIMESTAMP, IntegratedDelivery::updatedAt),
            column("traceparent", Type.VARCHAR, IntegratedDelivery::traceparent),
            new Column("source_partition", Type.INTEGER, ArchiveEntry::partition),
            new Column("source_offset", Type.BIGINT, ArchiveEntry::offset));

    /** {@code name TYPE, ...} for CREATE TABLE */
    static final String DEFINITIONS = ALL.stream().map(c -> c.name() + " " + c.type().sql)
            .collect(Collectors.joining(", "));
    /** {@code name, ...} for SELECT */
    static final String NAMES = ALL.stream().map(Column::name).collect(Collectors.joining(", "));
    /** a typed, empty relation with the archive's columns, for a view over an archive with no file yet */
    static final String EMPTY_SELECT = "SELECT " + ALL.stream()
            .map(c -> "CAST(NULL AS " + c.type().sql + ") AS " + c.name()).collect(Collectors.joining(", "))
            + ", CAST(NULL AS DATE) AS dt, CAST(NULL AS INTEGER) AS hr WHERE false";

    private ArchiveColumns() {
    }

    private static Column column(String name, Type type, Function<IntegratedDelivery, @Nullable Object> value) {
        return new Column(name, type, entry -> value.apply(entry.delivery()));
    }

    private static @Nullable String address(@Nullable Location location) {
        return location == null ? null : location.address();
    }

    /** The value as the DuckDB appender takes it for the column's type. */
    static @Nullable Object appendable(Column column, ArchiveEntry entry) {
        Object value = column.value().apply(entry);
        if (value == null) {
            return null;
        }
        return switch (column.type()) {
            case TIMESTAMP -> ((Instant) value).atOffset(ZoneOffset.UTC);
            // checked by ArchiveEntry: at most 6 decimals, so this never rounds
            case COORDINATE -> ((BigDecimal) value).setScale(ArchiveEntry.COORDINATE_SCALE, RoundingMode.UNNECESSARY);
            default -> value;
        };
    }
}
