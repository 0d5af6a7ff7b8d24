package outbox.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;

import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import outbox.domain.OutboxMessage;
import outbox.domain.OutboxTopic;
import platform.persistence.RecordingJdbcOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append renders once per shard table, in both dialects the service runs with, into the table of the message's
 * key, with every value at the position of its column.
 */
class JooqOutboxTablesUnitTest {

    @ParameterizedTest
    @EnumSource(value = SQLDialect.class, names = { "MARIADB", "MYSQL" })
    void anAppendGoesToTheShardOfItsKeyWithEachValueInItsColumn(SQLDialect dialect) {
        RecordingJdbcOperations jdbc = new RecordingJdbcOperations();
        JooqOutboxTables tables = new JooqOutboxTables(DSL.using(dialect), jdbc, JsonMapper.builder().build());
        OutboxTopic topic = new OutboxTopic("delivery.events", "outbox_delivery", 8);
        UUID eventId = UUID.randomUUID();
        Instant occurredAt = Instant.parse("2026-11-28T22:10:00.999999Z");
        OutboxMessage message = new OutboxMessage("delivery.events", "Delivery", "key-1", eventId, "RiderAssigned", 2,
                occurredAt, "{\"riderId\":\"r\"}", Map.of("schemaVersion", "1"));

        tables.append(topic, message);
        tables.append(topic, message);

        String sql = jdbc.statements.getFirst();
        assertThat(jdbc.statements).containsExactly(sql, sql);
        assertThat(sql).startsWith("insert into `" + topic.tableOf("key-1") + "` (`event_id`, `aggregate_type`, "
                + "`aggregate_id`, `event_type`, `sequence`, `occurred_at`, `payload`, `headers`)");
        assertThat(jdbc.parameters).isEqualTo(Map.of(1, eventId.toString(), 2, "Delivery", 3, "key-1",
                4, "RiderAssigned", 5, 2L, 6, Timestamp.valueOf(LocalDateTime.parse("2026-11-28T22:10:00.999999")),
                7, "{\"riderId\":\"r\"}", 8, "{\"schemaVersion\":\"1\"}"));
    }
}
