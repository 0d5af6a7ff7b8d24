package outbox.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import outbox.application.port.in.MeasureBacklogUseCase;
import outbox.application.port.in.RelayStatusQuery;
import outbox.application.port.in.ShardHealthQuery;
import outbox.application.port.out.MeasureOutboxBacklogPort;
import outbox.application.port.out.ReadReaderConnectionPort;
import outbox.domain.OutboxShard;
import outbox.domain.ReaderConnection;
import outbox.domain.ShardBacklog;
import outbox.domain.ShardHealth;
import outbox.domain.ShardState;
import outbox.domain.ShardStatus;

/**
 * Judges every shard from what the relay knows, whether its reader is connected, and the last measurement of its
 * backlog. The backlog is measured on a schedule, not when health is asked, so that neither a load balancer nor a
 * scraper can put load on the database, and an unreachable database cannot make health wait.
 *
 * <p>Which rows wait: those above the highest id Kafka acknowledged since this instance acquired the shard. Until
 * the first acknowledgement that id is unknown (relayed rows stay in the table for {@code relay.outbox.retention}),
 * so only rows created since the acquisition count; a reader that cannot even start is caught by its failures and
 * by its connection instead.
 */
@Service
class ShardHealthCheck implements ShardHealthQuery, MeasureBacklogUseCase {

    private static final Logger log = LoggerFactory.getLogger(ShardHealthCheck.class);

    private final RelayStatusQuery relay;
    private final ReadReaderConnectionPort readers;
    private final MeasureOutboxBacklogPort tables;
    private final RelayProperties properties;
    private final Clock clock;
    private final Map<String, ShardBacklog> backlogs = new ConcurrentHashMap<>();
    /** per shard: the acquisition ({@link ShardStatus#ownedSince()}) during which its reader was seen connected */
    private final Map<String, Instant> connectedDuring = new ConcurrentHashMap<>();

    ShardHealthCheck(RelayStatusQuery relay, ReadReaderConnectionPort readers, MeasureOutboxBacklogPort tables,
            RelayProperties properties, Clock clock, MeterRegistry meters) {
        this.relay = relay;
        this.readers = readers;
        this.tables = tables;
        this.properties = properties;
        this.clock = clock;
        for (ShardStatus status : relay.shardStatuses()) {
            OutboxShard shard = status.shard();
            TimeGauge.builder("relay.rows.oldest.waiting.age", this, TimeUnit.SECONDS,
                            check -> check.oldestWaitingSeconds(shard.table()))
                    .description("Age of the shard's oldest row not yet acknowledged by Kafka, on the instance that "
                            + "relays it (0 when nothing waits or another instance relays it)")
                    .tags("shard", shard.table(), "topic", shard.topic().topic())
                    .register(meters);
        }
    }

    @Override
    public List<ShardHealth> shardHealth() {
        Instant now = clock.instant();
        return relay.shardStatuses().stream()
                .map(status -> {
                    ReaderConnection reader = readers.connection(status.shard());
                    return ShardHealth.judge(status, reader, connectedSinceAcquired(status, reader), backlog(status),
                            relay.downAfterAttempts(), properties.maxWaitingAge(), now);
                })
                .toList();
    }

    /** Remembers a connection seen during the current acquisition: checked on every health request and backlog round. */
    private boolean connectedSinceAcquired(ShardStatus status, ReaderConnection reader) {
        Instant ownedSince = status.ownedSince();
        if (ownedSince == null) {
            return false;
        }
        if (reader == ReaderConnection.CONNECTED) {
            connectedDuring.put(status.shard().table(), ownedSince);
            return true;
        }
        return ownedSince.equals(connectedDuring.get(status.shard().table()));
    }

    @Override
    public void measureBacklog() {
        for (ShardStatus status : relay.shardStatuses()) {
            String table = status.shard().table();
            Instant ownedSince = status.ownedSince();
            if (status.state() == ShardState.NOT_OWNED || ownedSince == null) {
                backlogs.remove(table);
                continue;
            }
            connectedSinceAcquired(status, readers.connection(status.shard()));
            Instant now = clock.instant();
            @Nullable Duration createdWithin = status.lastRelayedId() < 0 ? Duration.between(ownedSince, now) : null;
            try {
                Duration age = tables.oldestAgeAfter(status.shard(), status.lastRelayedId(), createdWithin)
                        .orElse(null);
                backlogs.put(table, ShardBacklog.measured(now, age));
            } catch (RuntimeException e) {
                ShardBacklog previous = backlogs.put(table, ShardBacklog.failed(now, e.toString()));
                if (previous == null || previous.failure() == null) {
                    log.warn("Measuring the backlog of shard {} failed, trying again every {}: {}", table,
                            properties.backlogCheckInterval(), e.toString());
                }
            }
        }
    }

    private @Nullable ShardBacklog backlog(ShardStatus status) {
        return status.state() == ShardState.NOT_OWNED ? null : backlogs.get(status.shard().table());
    }

    private double oldestWaitingSeconds(String table) {
        ShardBacklog backlog = backlogs.get(table);
        Duration age = backlog == null ? null : backlog.oldestWaitingAge();
        return age == null ? 0 : age.toNanos() / 1e9;
    }
}
