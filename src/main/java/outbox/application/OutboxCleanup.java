package outbox.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import outbox.application.port.in.CleanUpOutboxUseCase;
import outbox.application.port.in.RelayStatusQuery;
import outbox.application.port.out.MaintainOutboxTablesPort;
import outbox.domain.ShardState;
import outbox.domain.ShardStatus;

/**
 * Keeps the outbox tables bounded and says how much is waiting. Only the owner of a shard deletes from it, and
 * only rows that Kafka has acknowledged ({@code id <= lastRelayedId}) and that are older than the retention,
 * which is far longer than the 1 s offset flush, so the reader's stored offset is past them. Deletes are not
 * relayed: the binlog reader skips every operation but inserts. Run every {@code relay.outbox.cleanup-interval} by
 * the scheduling adapter.
 */
@Service
class OutboxCleanup implements CleanUpOutboxUseCase {

    private static final Logger log = LoggerFactory.getLogger(OutboxCleanup.class);

    private final RelayStatusQuery relay;
    private final MaintainOutboxTablesPort tables;
    private final RelayProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Long> waiting = new ConcurrentHashMap<>();

    OutboxCleanup(RelayStatusQuery relay, MaintainOutboxTablesPort tables, RelayProperties properties, Clock clock,
            MeterRegistry meters) {
        this.relay = relay;
        this.tables = tables;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void cleanUp() {
        Instant createdBefore = clock.instant().minus(properties.retention());
        for (ShardStatus status : relay.shardStatuses()) {
            if (status.state() == ShardState.NOT_OWNED) {
                continue;
            }
            try {
                deleteRelayed(status, createdBefore);
                countWaiting(status);
            } catch (RuntimeException e) {
                log.warn("Outbox maintenance of shard {} failed, trying again in {}: {}", status.shard(),
                        properties.cleanupInterval(), e.toString());
            }
        }
    }

    private void deleteRelayed(ShardStatus status, Instant createdBefore) {
        if (status.lastRelayedId() < 0) {
            return;
        }
        int deleted;
        long total = 0;
        do {
            deleted = tables.deleteRelayed(status.shard(), status.lastRelayedId(), createdBefore,
                    properties.cleanupBatchSize());
            total += deleted;
        } while (deleted == properties.cleanupBatchSize());
        if (total > 0) {
            log.debug("Deleted {} relayed row(s) from {}", total, status.shard());
        }
    }

    private void countWaiting(ShardStatus status) {
        String table = status.shard().table();
        long rows = tables.countAfter(status.shard(), status.lastRelayedId());
        if (waiting.put(table, rows) == null) {
            Gauge.builder("relay.rows.waiting", waiting, w -> w.getOrDefault(table, 0L))
                    .description("Outbox rows not yet acknowledged by Kafka (all rows until the first relay of this run)")
                    .tags("shard", table, "topic", status.shard().topic().topic())
                    .register(meters);
        }
    }
}
