package outbox.adapter.out.persistence;

import static outbox.adapter.out.persistence.schema.Tables.OUTBOX_DELIVERY_0;
import static outbox.adapter.out.persistence.schema.Tables.OUTBOX_TOPIC;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jooq.DSLContext;
import org.jooq.JSON;
import org.jooq.Table;
import org.springframework.stereotype.Repository;

import outbox.adapter.out.persistence.schema.DefaultSchema;
import outbox.adapter.out.persistence.schema.tables.OutboxDelivery_0;
import outbox.application.port.out.AppendToOutboxPort;
import outbox.application.port.out.LoadOutboxTopicsPort;
import outbox.application.port.out.OutboxMaintenancePort;
import outbox.domain.OutboxMessage;
import outbox.domain.OutboxShard;
import outbox.domain.OutboxTopic;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox tables through jOOQ. Every shard table has the same columns (see the V2 migration), so the generated
 * {@code outbox_delivery_0} serves as the template whose fields are looked up by name in the shard's own table.
 */
@Repository
class JooqOutboxTables implements AppendToOutboxPort, LoadOutboxTopicsPort, OutboxMaintenancePort {

    private static final OutboxDelivery_0 SHAPE = OUTBOX_DELIVERY_0;

    private final DSLContext sql;
    private final JsonMapper json;
    private final Map<String, Table<?>> tables = new ConcurrentHashMap<>();

    JooqOutboxTables(DSLContext sql, JsonMapper json) {
        this.sql = sql;
        this.json = json;
    }

    @Override
    public void append(OutboxTopic topic, OutboxMessage message) {
        Table<?> table = tables.computeIfAbsent(topic.tableOf(message.aggregateId()), JooqOutboxTables::generated);
        sql.insertInto(table)
                .set(table.field(SHAPE.EVENT_ID), message.eventId().toString())
                .set(table.field(SHAPE.AGGREGATE_TYPE), message.aggregateType())
                .set(table.field(SHAPE.AGGREGATE_ID), message.aggregateId())
                .set(table.field(SHAPE.EVENT_TYPE), message.eventType())
                .set(table.field(SHAPE.SEQUENCE), message.sequence())
                .set(table.field(SHAPE.OCCURRED_AT), LocalDateTime.ofInstant(message.occurredAt(), ZoneOffset.UTC))
                .set(table.field(SHAPE.PAYLOAD), JSON.json(message.payload()))
                .set(table.field(SHAPE.HEADERS), JSON.json(json.writeValueAsString(message.headers())))
                .execute();
    }

    @Override
    public List<OutboxTopic> loadTopics() {
        List<OutboxTopic> topics = sql.selectFrom(OUTBOX_TOPIC)
                .orderBy(OUTBOX_TOPIC.TOPIC)
                .fetch(row -> new OutboxTopic(row.getTopic(), row.getTablePrefix(), row.getShardCount()));
        for (OutboxTopic topic : topics) {
            for (int shard = 0; shard < topic.shardCount(); shard++) {
                tables.put(topic.table(shard), generated(topic.table(shard)));
            }
        }
        return topics;
    }

    @Override
    public int deleteRelayed(OutboxShard shard, long upToId, Instant createdBefore, int limit) {
        Table<?> table = tables.computeIfAbsent(shard.table(), JooqOutboxTables::generated);
        return sql.deleteFrom(table)
                .where(table.field(SHAPE.ID).le(upToId))
                .and(table.field(SHAPE.CREATED_AT).lt(LocalDateTime.ofInstant(createdBefore, ZoneOffset.UTC)))
                .orderBy(table.field(SHAPE.ID))
                .limit(limit)
                .execute();
    }

    @Override
    public long countAfter(OutboxShard shard, long afterId) {
        Table<?> table = tables.computeIfAbsent(shard.table(), JooqOutboxTables::generated);
        return sql.fetchCount(table, table.field(SHAPE.ID).gt(afterId));
    }

    private static Table<?> generated(String name) {
        Table<?> table = DefaultSchema.DEFAULT_SCHEMA.getTable(name);
        if (table == null) {
            throw new IllegalStateException("outbox_topic refers to table " + name
                    + ", which the migrations do not create: shard tables and outbox_topic must change together");
        }
        return table;
    }
}
