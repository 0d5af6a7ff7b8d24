package delivery.adapter.out.persistence;

import static delivery.adapter.out.persistence.schema.Tables.DELIVERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

import delivery.DeliveryEvent;
import delivery.DeliveryStatus;
import delivery.adapter.out.persistence.schema.tables.records.DeliveryRecord;
import delivery.application.port.out.LoadDeliveryPort;
import delivery.application.port.out.SaveDeliveryPort;
import delivery.application.port.out.SaveDeliveryPort.OrderAlreadyHandedOverException;
import delivery.application.port.out.SaveDeliveryPort.StaleDeliveryException;
import delivery.domain.Delivery;
import delivery.domain.DeliveryId;
import delivery.domain.HandOver;
import delivery.domain.OrderReference;
import delivery.domain.Place;
import delivery.domain.ServiceAssignment;
import platform.RelayIntegrationTest;

/**
 * The adapter's hand-bound statements against the real MariaDB: every column a change writes lands where jOOQ's
 * own statements put and read it (each row is read back both through the adapter and through a plain jOOQ
 * {@code selectFrom}), a second insert of an order is refused as the use case expects, the versioned update refuses
 * a stale version and leaves the row alone, the update never touches what the hand-over wrote, the page by status
 * is the one jOOQ's query gives, and Spring's JdbcTemplate translates MySQL's error codes.
 */
@RelayIntegrationTest
class JooqDeliveriesIntegrationTest {

    /** Awkward text for the string columns: quotes, a backslash, a percent sign, Hangul, a supplementary character. */
    static final String AWKWARD = "O'Brien \"quoted\" back\\slash 100% 김밥 \uD83C\uDF59";

    final LoadDeliveryPort load;
    final SaveDeliveryPort save;
    final DSLContext sql;
    final TransactionOperations transactions;
    final JdbcTemplate jdbc;

    @Autowired
    JooqDeliveriesIntegrationTest(LoadDeliveryPort load, SaveDeliveryPort save, DSLContext sql,
            TransactionOperations transactions, JdbcTemplate jdbc) {
        this.load = load;
        this.save = save;
        this.sql = sql;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Test
    void everyChangeIsWrittenAndReadAsJooqWritesAndReadsItThroughADeliverysLife() {
        Instant t = Instant.parse("2026-11-28T21:15:30.123456Z");
        Delivery.Snapshot handedOver = handOver("walked-" + UUID.randomUUID(), t,
                Instant.parse("9999-12-31T23:59:59.999999Z")).snapshot();
        // created_at and updated_at apart, so that the insert binding one into the other cannot pass unnoticed
        Delivery delivery = Delivery.restore(new Delivery.Snapshot(handedOver.id(), handedOver.handOver(),
                handedOver.status(), null, null, null, null, null, null, null, handedOver.version(), t,
                t.plusNanos(1_000), handedOver.assignment()));
        save.insert(delivery);
        assertStoredAs(delivery);

        apply(delivery, d -> d.assignRider(AWKWARD, t.plusNanos(2_000)));
        apply(delivery, d -> d.requestPickupReady(t.plusSeconds(59).plusNanos(999_999_000)));
        apply(delivery, d -> d.markPickedUp(t.plusSeconds(3_600)));
        apply(delivery, d -> d.markDelivered(Instant.parse("2026-12-31T23:59:59.999999Z")));
        assertThat(load.load(delivery.id()).orElseThrow().snapshot().status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void aCancellationWithItsReasonAndANullRiderIsWrittenAsJooqWritesIt() {
        Instant t = Instant.parse("2000-02-29T00:00:00Z");
        Delivery delivery = handOver("cancelled-" + UUID.randomUUID(), t, Instant.parse("1970-01-01T00:00:00.000001Z"));
        save.insert(delivery);
        apply(delivery, d -> d.requestPickupReady(t.plusNanos(1_000)));
        apply(delivery, d -> d.cancel(AWKWARD, t.plusSeconds(1)));
        Delivery.Snapshot stored = load.load(delivery.id()).orElseThrow().snapshot();
        assertThat(stored.riderId()).isNull();
        assertThat(stored.riderAssignedAt()).isNull();
        assertThat(stored.cancelReason()).isEqualTo(AWKWARD);
    }

    @Test
    void aDeliveryWithoutARoutingDecisionIsStoredWithoutOne() {
        // rows written before routing existed (V4) have none; the domain keeps that as a null assignment
        Instant t = Instant.parse("2026-11-28T21:15:30Z");
        Delivery.Snapshot routed = handOver("unrouted-" + UUID.randomUUID(), t, t).snapshot();
        Delivery unrouted = Delivery.restore(new Delivery.Snapshot(routed.id(), routed.handOver(), routed.status(),
                null, null, null, null, null, null, null, routed.version(), t, t, null));
        save.insert(unrouted);

        DeliveryRecord row = sql.selectFrom(DELIVERY).where(DELIVERY.ID.eq(unrouted.id().toString())).fetchSingle();
        assertThat(row.getDeliveryService()).isNull();
        assertThat(row.getRoutingRule()).isNull();
        assertThat(row.getRoutingRuleSetVersion()).isNull();
        assertThat(load.load(unrouted.id()).orElseThrow().snapshot()).isEqualTo(unrouted.snapshot());
    }

    @Test
    void aSecondInsertOfTheSameOrderIsRefusedAsAnOrderAlreadyHandedOver() {
        Instant t = Instant.parse("2026-11-28T21:15:30Z");
        Delivery first = handOver("twice-" + UUID.randomUUID(), t, t);
        save.insert(first);
        Delivery.Snapshot s = first.snapshot();
        Delivery second = Delivery.restore(new Delivery.Snapshot(DeliveryId.newId(), s.handOver(), s.status(), null,
                null, null, null, null, null, null, s.version(), t, t, s.assignment()));

        assertThatThrownBy(() -> save.insert(second)).isInstanceOf(OrderAlreadyHandedOverException.class);
        assertThat(load.load(second.id())).isEmpty();
    }

    @Test
    void theJdbcTemplateTranslatesMySqlErrorCodesAsBootsJooqSetUpDoes() {
        // MariaDB's driver reports a lock wait timeout as a plain SQLException with SQLState HY000
        assertThat(jdbc.getExceptionTranslator().translate("update", "update delivery",
                new SQLException("Lock wait timeout exceeded", "HY000", 1205)))
                .isInstanceOf(CannotAcquireLockException.class).isInstanceOf(TransientDataAccessException.class);
        assertThat(jdbc.getExceptionTranslator().translate("insert", "insert into delivery",
                new SQLException("Duplicate entry", "23000", 1062))).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void aStaleVersionIsRefusedAndTheRowIsLeftAsItWas() {
        Instant t = Instant.parse("2026-11-28T21:15:30Z");
        Delivery delivery = handOver("stale-" + UUID.randomUUID(), t, t);
        save.insert(delivery);
        Delivery changed = Delivery.restore(delivery.snapshot());
        assertThat(changed.assignRider("rider-1", t.plusSeconds(1))).isPresent();

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> save.update(changed, 2)))
                .isInstanceOf(StaleDeliveryException.class);
        assertStoredAs(delivery);
    }

    @Test
    void theUpdateLeavesWhatTheHandOverWroteAlone() {
        Instant t = Instant.parse("2026-11-28T21:15:30Z");
        Delivery delivery = handOver("hand-over-kept-" + UUID.randomUUID(), t, t);
        save.insert(delivery);
        // a row whose hand-over columns differ from what the domain object holds: the update must not write them
        sql.update(DELIVERY).set(DELIVERY.SHOP_NAME, "renamed by hand").set(DELIVERY.ROUTING_RULE, "edited")
                .where(DELIVERY.ID.eq(delivery.id().toString())).execute();
        assertThat(delivery.assignRider("rider-1", t.plusSeconds(1))).isPresent();
        transactions.executeWithoutResult(tx -> save.update(delivery, 1));

        DeliveryRecord row = sql.selectFrom(DELIVERY).where(DELIVERY.ID.eq(delivery.id().toString())).fetchSingle();
        assertThat(row.getShopName()).isEqualTo("renamed by hand");
        assertThat(row.getRoutingRule()).isEqualTo("edited");
        assertThat(row.getRiderId()).isEqualTo("rider-1");
        assertThat(row.getVersion()).isEqualTo(2L);
    }

    @Test
    void aPageByStatusIsTheOneJooqsQueryGives() {
        Instant t = Instant.parse("2026-11-28T21:15:30Z");
        for (int i = 0; i < 4; i++) {
            Delivery delivery = handOver("page-" + UUID.randomUUID(), t.plusSeconds(i), t);
            save.insert(delivery);
            apply(delivery, d -> d.cancel(null, t.plusSeconds(10)));
        }
        for (int offset : new int[] { 0, 1, 2 }) {
            List<String> viaJooq = sql.select(DELIVERY.ID).from(DELIVERY)
                    .where(DELIVERY.STATUS.eq(DeliveryStatus.CANCELLED.name()))
                    .orderBy(DELIVERY.CREATED_AT.desc(), DELIVERY.ID.desc())
                    .limit(2).offset(offset)
                    .fetch(DELIVERY.ID);
            assertThat(load.loadByStatus(DeliveryStatus.CANCELLED, offset, 2))
                    .extracting(d -> d.id().toString())
                    .hasSize(2)
                    .containsExactlyElementsOf(viaJooq);
        }
    }

    @Test
    void aDeliveryIsFoundByItsOrderExactlyAndAnUnknownOneIsNot() {
        Instant t = Instant.parse("2026-11-28T21:15:30Z");
        Delivery delivery = handOver("by-order-" + UUID.randomUUID(), t, t);
        save.insert(delivery);
        OrderReference order = delivery.snapshot().handOver().order();

        assertThat(load.loadByOrder(order)).map(d -> d.snapshot()).contains(delivery.snapshot());
        assertThat(load.loadByOrder(new OrderReference(order.orderService(), order.orderId().toUpperCase()))).isEmpty();
        assertThat(load.load(DeliveryId.newId())).isEmpty();
    }

    private void apply(Delivery delivery, Function<Delivery, Optional<DeliveryEvent>> change) {
        long read = delivery.version();
        assertThat(change.apply(delivery)).as("the change applies").isPresent();
        transactions.executeWithoutResult(tx -> save.update(delivery, read));
        assertStoredAs(delivery);
    }

    /** Read back through the adapter and through jOOQ, both must give what the domain holds. */
    private void assertStoredAs(Delivery delivery) {
        Delivery.Snapshot expected = delivery.snapshot();
        assertThat(load.load(delivery.id()).orElseThrow().snapshot()).isEqualTo(expected);
        DeliveryRecord row = sql.selectFrom(DELIVERY).where(DELIVERY.ID.eq(delivery.id().toString())).fetchSingle();
        assertThat(viaJooq(row)).isEqualTo(expected);
    }

    /** The mapping the adapter used when jOOQ ran every statement. */
    private static Delivery.Snapshot viaJooq(DeliveryRecord row) {
        HandOver handOver = new HandOver(new OrderReference(row.getOrderService(), row.getOrderId()),
                row.getShopName(),
                new Place(row.getPickupAddress(), row.getPickupLatitude(), row.getPickupLongitude()),
                new Place(row.getDropoffAddress(), row.getDropoffLatitude(), row.getDropoffLongitude()),
                instant(row.getRequestedAt()));
        ServiceAssignment assignment = row.getDeliveryService() == null ? null
                : new ServiceAssignment(row.getDeliveryService(), row.getRoutingRule(), row.getRoutingRuleSetVersion());
        return new Delivery.Snapshot(DeliveryId.parse(row.getId()), handOver,
                DeliveryStatus.valueOf(row.getStatus()), row.getRiderId(), instant(row.getRiderAssignedAt()),
                instant(row.getPickupReadyRequestedAt()), instant(row.getPickedUpAt()),
                instant(row.getDeliveredAt()), instant(row.getCancelledAt()), row.getCancelReason(),
                row.getVersion(), instant(row.getCreatedAt()), instant(row.getUpdatedAt()), assignment);
    }

    private static @Nullable Instant instant(@Nullable LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    private static Delivery handOver(String orderId, Instant now, Instant requestedAt) {
        // a value of its own in every column, so that a value bound into another column cannot go unnoticed
        HandOver handOver = new HandOver(new OrderReference("jdbc-" + AWKWARD.length(), orderId), "shop " + AWKWARD,
                new Place("pick-up " + AWKWARD, new BigDecimal("-89.999999"), new BigDecimal("179.999998")),
                new Place("drop-off", new BigDecimal("37.4952"), new BigDecimal("-0.000001")), requestedAt);
        return Delivery.handOver(DeliveryId.newId(), handOver, new ServiceAssignment("partner-" + AWKWARD,
                "rule-" + AWKWARD, Long.MAX_VALUE), now).delivery();
    }
}
