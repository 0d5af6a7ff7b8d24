package platform.persistence;

import static delivery.adapter.out.persistence.schema.Tables.DELIVERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import delivery.adapter.out.persistence.schema.tables.records.DeliveryRecord;

/** Rendered once, a statement is the SQL the DSL renders for it every time, whatever the values. */
class RenderedStatementUnitTest {

    final DSLContext sql = DSL.using(SQLDialect.MARIADB);

    @Test
    void anUpdateRendersAsTheDslRendersItWithRealValuesAndNulls() {
        List<Field<?>> updated = List.of(DELIVERY.STATUS, DELIVERY.PICKUP_LATITUDE, DELIVERY.RIDER_ID,
                DELIVERY.PICKED_UP_AT, DELIVERY.VERSION);
        Map<Field<?>, Object> placeholders = new LinkedHashMap<>();
        updated.forEach(field -> placeholders.put(field, RenderedStatement.placeholder(field)));
        RenderedStatement statement = RenderedStatement.of(sql, sql.update(DELIVERY).set(placeholders)
                .where(DELIVERY.ID.eq(RenderedStatement.placeholder(DELIVERY.ID)),
                        DELIVERY.VERSION.eq(RenderedStatement.placeholder(DELIVERY.VERSION))));

        DeliveryRecord row = sql.newRecord(DELIVERY);
        row.setStatus("PICKED_UP");
        row.setPickupLatitude(new BigDecimal("37.498095"));
        row.setRiderId(null);
        row.setPickedUpAt(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));
        row.setVersion(4L);
        String asTheDslRendersIt = sql.render(sql.update(DELIVERY).set(row)
                .where(DELIVERY.ID.eq("a"), DELIVERY.VERSION.eq(3L)));

        assertThat(statement.sql()).isEqualTo(asTheDslRendersIt).contains("?");
    }

    @Test
    void anInsertAndASelectRenderAsTheDslRendersThem() {
        RenderedStatement insert = RenderedStatement.of(sql, sql.insertInto(DELIVERY)
                .columns(DELIVERY.ID, DELIVERY.CANCEL_REASON)
                .values(RenderedStatement.placeholder(DELIVERY.ID), RenderedStatement.placeholder(DELIVERY.CANCEL_REASON)));
        RenderedStatement select = RenderedStatement.of(sql, sql.selectFrom(DELIVERY)
                .where(DELIVERY.ORDER_ID.eq(RenderedStatement.placeholder(DELIVERY.ORDER_ID))));

        assertThat(insert.sql()).isEqualTo(sql.render(sql.insertInto(DELIVERY)
                .columns(DELIVERY.ID, DELIVERY.CANCEL_REASON).values("a", null)));
        assertThat(select.sql()).isEqualTo(sql.render(sql.selectFrom(DELIVERY).where(DELIVERY.ORDER_ID.eq("o-1"))));
    }

    @Test
    void aStatementWhosePlaceholdersAreNotItsBindValuesIsRefused() {
        // here a literal holds a '?' and no value is bound: the values given at execution would land in the literal
        assertThatThrownBy(() -> RenderedStatement.of(sql, sql.selectFrom(DELIVERY)
                .where(DELIVERY.ORDER_ID.eq(DSL.inline("o-1")), DELIVERY.ID.eq(DSL.inline("?")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("placeholders");
    }

    @Test
    void theValuesMustMatchThePlaceholders() {
        RenderedStatement select = RenderedStatement.of(sql, sql.selectFrom(DELIVERY)
                .where(DELIVERY.ORDER_ID.eq(RenderedStatement.placeholder(DELIVERY.ORDER_ID))));

        assertThatThrownBy(() -> select.execute("o-1", "too many"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 values for 1 placeholders");
    }
}
