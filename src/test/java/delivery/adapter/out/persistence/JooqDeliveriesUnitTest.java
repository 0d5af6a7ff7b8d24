package delivery.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
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
}
