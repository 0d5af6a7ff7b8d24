package routing.adapter.out.persistence;

import static routing.adapter.out.persistence.schema.Tables.ROUTING_RULE_SET;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Repository;

import routing.adapter.out.persistence.schema.tables.records.RoutingRuleSetRecord;
import routing.application.port.out.LoadRuleSetsPort;
import routing.application.port.out.SaveRuleSetPort;
import routing.domain.RuleSet;
import routing.domain.RuleSetVersion;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code routing_rule_set} table through jOOQ: one row per version, the rule set as a JSON document (it is
 * only ever read and written whole, so columns per rule would buy nothing but joins). Times are UTC.
 */
@Repository
class JooqRuleSetStore implements LoadRuleSetsPort, SaveRuleSetPort {

    private final DSLContext sql;
    private final JsonMapper json;

    JooqRuleSetStore(DSLContext sql, JsonMapper json) {
        this.sql = sql;
        this.json = json;
    }

    @Override
    public RuleSetVersion latest() {
        return sql.selectFrom(ROUTING_RULE_SET).orderBy(ROUTING_RULE_SET.VERSION.desc()).limit(1)
                .fetchOptional(this::toDomain)
                .orElseThrow(() -> new IllegalStateException("routing_rule_set is empty: the V3 migration seeds it"));
    }

    @Override
    public long latestVersion() {
        Long latest = sql.select(org.jooq.impl.DSL.max(ROUTING_RULE_SET.VERSION)).from(ROUTING_RULE_SET)
                .fetchOne(0, Long.class);
        return latest == null ? 0 : latest;
    }

    @Override
    public Optional<RuleSetVersion> find(long version) {
        return sql.selectFrom(ROUTING_RULE_SET).where(ROUTING_RULE_SET.VERSION.eq(version))
                .fetchOptional(this::toDomain);
    }

    @Override
    public List<RuleSetVersion> newest(int limit) {
        return sql.selectFrom(ROUTING_RULE_SET).orderBy(ROUTING_RULE_SET.VERSION.desc()).limit(limit)
                .fetch(this::toDomain);
    }

    @Override
    public void append(RuleSetVersion version) {
        RoutingRuleSetRecord row = sql.newRecord(ROUTING_RULE_SET);
        row.setVersion(version.version());
        row.setDocument(json.writeValueAsString(version.ruleSet()));
        row.setChangedBy(version.changedBy());
        row.setChangedAt(LocalDateTime.ofInstant(version.changedAt(), ZoneOffset.UTC));
        row.setChangeNote(version.note());
        try {
            // insertInto(..).set(record), not record.insert(): see JooqDeliveries (MARIADB dialect + RETURNING)
            sql.insertInto(ROUTING_RULE_SET).set(row).execute();
        } catch (DuplicateKeyException taken) {
            throw new VersionTakenException(version.version(), taken);
        }
    }

    private RuleSetVersion toDomain(RoutingRuleSetRecord row) {
        return new RuleSetVersion(row.getVersion(), json.readValue(row.getDocument(), RuleSet.class),
                row.getChangedBy(), row.getChangedAt().toInstant(ZoneOffset.UTC), row.getChangeNote());
    }
}
