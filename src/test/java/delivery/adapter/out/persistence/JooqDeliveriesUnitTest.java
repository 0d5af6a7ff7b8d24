package delivery.adapter.out.persistence;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import delivery.DeliveryStatus;
import delivery.domain.Delivery;
import delivery.domain.DeliveryId;
import delivery.domain.HandOver;
import delivery.domain.OrderReference;
import delivery.domain.Place;
import delivery.domain.ServiceAssignment;
import platform.persistence.RecordingJdbcOperations;

/**
 * The statements rendered once render, with their parameters where the binding code sets them, in both dialects the
 * service runs with ({@code MARIADB} embedded, {@code MYSQL} in the prod profile): the page by status's limit and
 * offset change places between them. And the update writes what a change can alter, no less and no more.
 */
class JooqDeliveriesUnitTest {

    @ParameterizedTest
    @EnumSource(value = SQLDialect.class, names = { "MARIADB", "MYSQL" })
    void aPageBindsItsLimitAndOffsetWhereTheDialectPutsThem(SQLDialect dialect) {
        RecordingJdbcOperations jdbc = new RecordingJdbcOperations();
        JooqDeliveries deliveries = new JooqDeliveries(DSL.using(dialect), jdbc);

        assertThat(deliveries.loadByStatus(DeliveryStatus.CANCELLED, 40, 21)).isEmpty();

        String sql = jdbc.statements.getFirst().toLowerCase();
        boolean limitFirst = sql.indexOf("limit ?") >= 0 && sql.indexOf("limit ?") < sql.indexOf("offset ?");
        assertThat(sql).as(dialect + " renders a limit and an offset").containsAnyOf("limit ?", "fetch next ?");
        assertThat(jdbc.parameters).isEqualTo(limitFirst
                ? Map.of(1, "CANCELLED", 2, 21, 3, 40L)
                : Map.of(1, "CANCELLED", 2, 40L, 3, 21));
        assertThat(limitFirst).as("MySQL's dialect puts the limit first, MariaDB's the offset")
                .isEqualTo(dialect == SQLDialect.MYSQL);
    }

    @Test
    void theUpdateWritesExactlyWhatTheDomainLetsAChangeAlter() {
        List<String> notFinal = Stream.of(Delivery.class.getDeclaredFields())
                .filter(field -> !Modifier.isFinal(field.getModifiers()) && !Modifier.isStatic(field.getModifiers()))
                .map(field -> field.getName().replaceAll("([A-Z])", "_$1").toLowerCase())
                .toList();

        assertThat(JooqDeliveries.CHANGEABLE).extracting(Field::getName).containsExactlyInAnyOrderElementsOf(notFinal);
    }

    @ParameterizedTest
    @EnumSource(value = SQLDialect.class, names = { "MARIADB", "MYSQL" })
    void aLoadByIdBindsTheIdAlone(SQLDialect dialect) {
        RecordingJdbcOperations jdbc = new RecordingJdbcOperations();
        DeliveryId id = DeliveryId.newId();

        assertThat(new JooqDeliveries(DSL.using(dialect), jdbc).load(id)).isEmpty();

        assertThat(jdbc.statements.getFirst()).endsWith("where `delivery`.`id` = ?");
        assertThat(jdbc.parameters).isEqualTo(Map.of(1, id.toString()));
    }

    @ParameterizedTest
    @EnumSource(value = SQLDialect.class, names = { "MARIADB", "MYSQL" })
    void aLoadByOrderBindsTheServiceAndTheOrderId(SQLDialect dialect) {
        RecordingJdbcOperations jdbc = new RecordingJdbcOperations();

        assertThat(new JooqDeliveries(DSL.using(dialect), jdbc).loadByOrder(new OrderReference("shop-app", "A-1")))
                .isEmpty();

        assertThat(boundByColumn(jdbc)).containsExactly(entry("order_service", "shop-app"), entry("order_id", "A-1"));
    }

    @ParameterizedTest
    @EnumSource(value = SQLDialect.class, names = { "MARIADB", "MYSQL" })
    void anInsertBindsEveryColumnWithItsOwnValue(SQLDialect dialect) {
        RecordingJdbcOperations jdbc = new RecordingJdbcOperations();
        Delivery delivery = delivery();
        Delivery.Snapshot s = delivery.snapshot();

        new JooqDeliveries(DSL.using(dialect), jdbc).insert(delivery);

        String sql = jdbc.statements.getFirst();
        List<String> columns = Stream.of(sql.substring(sql.indexOf('(') + 1, sql.indexOf(')')).split(","))
                .map(column -> column.strip().replace("`", "")).toList();
        assertThat(columns).hasSize(jdbc.parameters.size());
        Map<String, Object> bound = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            bound.put(columns.get(i), jdbc.parameters.get(i + 1));
        }
        Map<String, Object> expected = new HashMap<>(Map.ofEntries(entry("id", s.id().toString()),
                entry("order_service", "shop-app"), entry("order_id", "A-1"), entry("shop_name", "Shop"),
                entry("pickup_address", "pick-up"), entry("pickup_latitude", new BigDecimal("37.1")),
                entry("pickup_longitude", new BigDecimal("127.2")), entry("dropoff_address", "drop-off"),
                entry("dropoff_latitude", new BigDecimal("37.3")), entry("dropoff_longitude", new BigDecimal("127.4")),
                entry("requested_at", timestamp(REQUESTED)), entry("created_at", timestamp(CREATED)),
                entry("delivery_service", "partner"), entry("routing_rule", "rule-7"),
                entry("routing_rule_set_version", 42L), entry("status", "CREATED"), entry("version", 1L),
                entry("updated_at", timestamp(UPDATED))));
        for (String unset : List.of("rider_id", "rider_assigned_at", "pickup_ready_requested_at", "picked_up_at",
                "delivered_at", "cancelled_at", "cancel_reason")) {
            expected.put(unset, null);
        }
        assertThat(bound).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = SQLDialect.class, names = { "MARIADB", "MYSQL" })
    void anUpdateBindsTheChangeAndThenTheIdAndTheVersionItExpects(SQLDialect dialect) {
        RecordingJdbcOperations jdbc = new RecordingJdbcOperations();
        Delivery delivery = delivery();
        Instant assigned = CREATED.plusSeconds(30);
        assertThat(delivery.assignRider("rider-9", assigned)).isPresent();

        new JooqDeliveries(DSL.using(dialect), jdbc).update(delivery, 1);

        List<Map.Entry<String, Object>> expected = new ArrayList<>(List.of(entry("status", "RIDER_ASSIGNED"),
                entry("rider_id", "rider-9"), entry("rider_assigned_at", timestamp(assigned))));
        for (String unset : List.of("pickup_ready_requested_at", "picked_up_at", "delivered_at", "cancelled_at",
                "cancel_reason")) {
            expected.add(new SimpleEntry<>(unset, null));
        }
        expected.addAll(List.of(entry("version", 2L), entry("updated_at", timestamp(assigned)),
                entry("id", delivery.id().toString()), entry("version", 1L)));
        assertThat(boundByColumn(jdbc)).containsExactlyElementsOf(expected);
    }

    static final Instant REQUESTED = Instant.parse("2026-11-29T00:10:00.000001Z");
    static final Instant CREATED = Instant.parse("2026-11-29T00:11:00.999998Z");
    static final Instant UPDATED = Instant.parse("2026-11-29T00:11:00.999999Z");

    /** A value of its own in every column the hand-over writes (updated_at too, one microsecond on). */
    private static Delivery delivery() {
        HandOver handOver = new HandOver(new OrderReference("shop-app", "A-1"), "Shop",
                new Place("pick-up", new BigDecimal("37.1"), new BigDecimal("127.2")),
                new Place("drop-off", new BigDecimal("37.3"), new BigDecimal("127.4")), REQUESTED);
        Delivery.Snapshot s = Delivery.handOver(DeliveryId.newId(), handOver,
                new ServiceAssignment("partner", "rule-7", 42), CREATED).delivery().snapshot();
        return Delivery.restore(new Delivery.Snapshot(s.id(), s.handOver(), s.status(), null, null, null, null, null,
                null, null, s.version(), CREATED, UPDATED, s.assignment()));
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** The last statement's values, each with the column its placeholder is compared with or assigned to. */
    private static List<Map.Entry<String, Object>> boundByColumn(RecordingJdbcOperations jdbc) {
        Matcher placeholder = Pattern.compile("`(\\w+)` = \\?").matcher(jdbc.statements.getLast());
        List<Map.Entry<String, Object>> bound = new ArrayList<>();
        while (placeholder.find()) {
            bound.add(new SimpleEntry<>(placeholder.group(1), jdbc.parameters.get(bound.size() + 1)));
        }
        assertThat(bound).as("a column for every placeholder").hasSize(jdbc.parameters.size());
        return bound;
    }
}
