package outbox.adapter.out.persistence;

import static outbox.adapter.out.persistence.schema.Tables.OUTBOX_TOPIC;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.stereotype.Repository;

import outbox.application.port.out.AppendToOutboxPort;
import outbox.application.port.out.LoadOutboxTopicsPort;
import outbox.application.port.out.MaintainOutboxTablesPort;
import outbox.application.port.out.MeasureOutboxBacklogPort;
import outbox.domain.OutboxMessage;
import outbox.domain.OutboxShard;
import outbox.domain.OutboxTopic;
import platform.persistence.RenderedStatement;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox tables through jOOQ. Shard tables are addressed by name with the columns every one of them has (the
 * outbox shape of the V2 migration), not through generated classes: a new event stream is a migration that creates
 * its shard tables and registers them in {@code outbox_topic}, with no code change here. Only the registry itself
 * is generated.
 *
 * <p>The append, once per event, is built with jOOQ's DSL once per shard table and run through Spring's
 * {@link JdbcOperations} on the transaction's connection, its values bound here ({@link RenderedStatement} says why,
 * and binds a {@code LocalDateTime} as jOOQ does; a JSON column is a string to both). The other statements run
 * rarely and stay plain jOOQ.
 */
@Repository
class JooqOutboxTables implements AppendToOutboxPort, LoadOutboxTopicsPort, MaintainOutboxTablesPort,
        MeasureOutboxBacklogPort {

    static final Field<Long> ID = DSL.field(DSL.name("id"), SQLDataType.BIGINT);
    static final Field<String> EVENT_ID = DSL.field(DSL.name("event_id"), SQLDataType.CHAR(36));
    static final Field<String> AGGREGATE_TYPE = DSL.field(DSL.name("aggregate_type"), SQLDataType.VARCHAR(64));
    static final Field<String> AGGREGATE_ID = DSL.field(DSL.name("aggregate_id"), SQLDataType.VARCHAR(64));
    static final Field<String> EVENT_TYPE = DSL.field(DSL.name("event_type"), SQLDataType.VARCHAR(128));
    static final Field<Long> SEQUENCE = DSL.field(DSL.name("sequence"), SQLDataType.BIGINT);
    static final Field<LocalDateTime> OCCURRED_AT = DSL.field(DSL.name("occurred_at"), SQLDataType.LOCALDATETIME(6));
    static final Field<JSON> PAYLOAD = DSL.field(DSL.name("payload"), SQLDataType.JSON);
    static final Field<JSON> HEADERS = DSL.field(DSL.name("headers"), SQLDataType.JSON);
    static final Field<LocalDateTime> CREATED_AT = DSL.field(DSL.name("created_at"), SQLDataType.LOCALDATETIME(6));
    static final List<Field<?>> SHAPE = List.of(ID, EVENT_ID, AGGREGATE_TYPE, AGGREGATE_ID, EVENT_TYPE, SEQUENCE,
            OCCURRED_AT, PAYLOAD, HEADERS, CREATED_AT);

    private static final int BACKLOG_QUERY_TIMEOUT_SECONDS = 2;

    private final DSLContext sql;
    private final JdbcOperations jdbc;
    private final JsonMapper json;
    /** The append of each shard table, by table name: rendered when the registry is loaded at start. */
    private final Map<String, RenderedStatement> insertInto = new ConcurrentHashMap<>();

    JooqOutboxTables(DSLContext sql, JdbcOperations jdbc, JsonMapper json) {
        this.sql = sql;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void append(OutboxTopic topic, OutboxMessage message) {
        String headers = json.writeValueAsString(message.headers());
        RenderedStatement insert = insertInto.computeIfAbsent(topic.tableOf(message.aggregateId()), this::renderInsert);
        jdbc.update(insert.sql(), statement -> {
            statement.setString(insert.at(EVENT_ID), message.eventId().toString());
            statement.setString(insert.at(AGGREGATE_TYPE), message.aggregateType());
            statement.setString(insert.at(AGGREGATE_ID), message.aggregateId());
            statement.setString(insert.at(EVENT_TYPE), message.eventType());
            statement.setLong(insert.at(SEQUENCE), message.sequence());
            RenderedStatement.setTimestamp(statement, insert.at(OCCURRED_AT), message.occurredAt());
            statement.setString(insert.at(PAYLOAD), message.payload());
            statement.setString(insert.at(HEADERS), headers);
        });
    }

    /** The append into one shard table ({@code id} and {@code created_at} are the table's defaults). */
    private RenderedStatement renderInsert(String table) {
        List<Field<?>> columns = List.of(EVENT_ID, AGGREGATE_TYPE, AGGREGATE_ID, EVENT_TYPE, SEQUENCE, OCCURRED_AT,
                PAYLOAD, HEADERS);
        return RenderedStatement.of(sql.insertInto(table(table)).columns(columns).values(columns.stream()
                .<Field<?>>map(column -> DSL.param(column.getName(), column.getDataType())).toList()));
    }

    /** The registry, each of its shard tables checked for the outbox shape, so a mismatch stops start-up. */
    @Override
    public List<OutboxTopic> loadTopics() {
        List<OutboxTopic> topics = sql.selectFrom(OUTBOX_TOPIC)
                .orderBy(OUTBOX_TOPIC.TOPIC)
                .fetch(row -> new OutboxTopic(row.getTopic(), row.getTablePrefix(), row.getShardCount()));
        for (OutboxTopic topic : topics) {
            for (int shard = 0; shard < topic.shardCount(); shard++) {
                requireOutboxShape(topic, topic.table(shard));
                insertInto.computeIfAbsent(topic.table(shard), this::renderInsert);
            }
        }
        return topics;
    }

    @Override
    public int deleteRelayed(OutboxShard shard, long upToId, Instant createdBefore, int limit) {
        return sql.deleteFrom(table(shard.table()))
                .where(ID.le(upToId))
                .and(CREATED_AT.lt(LocalDateTime.ofInstant(createdBefore, ZoneOffset.UTC)))
                .orderBy(ID)
                .limit(limit)
                .execute();
    }

    @Override
    public long countAfter(OutboxShard shard, long afterId) {
        return sql.fetchCount(table(shard.table()), ID.gt(afterId));
    }

    /**
     * The first waiting row by primary key, its age computed by the database: {@code created_at} is the database's
     * own clock in the session's time zone, so neither the application's clock nor its time zone enter. With
     * {@code createdWithin} the lookup may walk the rows kept for the retention, which happens only until the
     * shard's first acknowledgement after it was acquired.
     */
    @Override
    public Optional<Duration> oldestAgeAfter(OutboxShard shard, long afterId, @Nullable Duration createdWithin) {
        Condition waiting = ID.gt(afterId);
        if (createdWithin != null) {
            waiting = waiting.and(DSL.condition("{0} >= current_timestamp(6) - interval {1} microsecond", CREATED_AT,
                    DSL.val(createdWithin.toNanos() / 1_000)));
        }
        return sql.select(DSL.field("timestampdiff(microsecond, {0}, current_timestamp(6))", Long.class, CREATED_AT))
                .from(table(shard.table()))
                .where(waiting)
                .orderBy(ID)
                .limit(1)
                .queryTimeout(BACKLOG_QUERY_TIMEOUT_SECONDS)
                .fetchOptional(row -> Duration.ofNanos(Math.max(0, row.value1()) * 1_000));
    }

    private void requireOutboxShape(OutboxTopic topic, String table) {
        try {
            sql.select(SHAPE).from(table(table)).where(DSL.falseCondition()).fetch();
        } catch (BadSqlGrammarException e) {
            // in the application, Boot's exception-translating listener makes jOOQ throw Spring's exceptions: an
            // unknown table (1146) or column (1054) is bad grammar; a lost connection or a lock wait is not this
            throw notAnOutboxTable(topic, table, e);
        } catch (DataAccessException e) {
            if (e.sqlStateClass() == SQLStateClass.C42_SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION) {
                throw notAnOutboxTable(topic, table, e);
            }
            throw e;
        }
    }

    private static IllegalStateException notAnOutboxTable(OutboxTopic topic, String table, RuntimeException cause) {
        return new IllegalStateException("outbox_topic sends topic " + topic.topic() + " through table " + table
                + ", which does not exist or lacks outbox columns " + SHAPE.stream().map(Field::getName).toList()
                + ": shard tables and their outbox_topic row must come in the same migration", cause);
    }

    private static Table<?> table(String name) {
        return DSL.table(DSL.name(name));
    }
}
