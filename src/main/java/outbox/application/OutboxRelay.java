package outbox.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import outbox.application.port.in.OutboxTopicsQuery;
import outbox.application.port.in.RelayOutboxUseCase;
import outbox.application.port.in.RelayStatusQuery;
import outbox.application.port.in.ShardOwnershipUseCase;
import outbox.application.port.out.AnnounceShardOwnershipPort;
import outbox.application.port.out.PublishRecordsPort;
import outbox.application.port.out.PublishRecordsPort.ShardFencedException;
import outbox.domain.Backoff;
import outbox.domain.OutboxRecord;
import outbox.domain.OutboxShard;
import outbox.domain.ShardAcquired;
import outbox.domain.ShardReleased;
import outbox.domain.ShardState;
import outbox.domain.ShardStatus;

/**
 * Relays each owned shard's records to Kafka, one batch at a time, in order. Shards are handed to it by the
 * coordination between instances ({@link ShardOwnershipUseCase}); it announces each change of ownership, and the
 * shard's binlog reader, an inbound adapter, starts or stops and feeds it batches ({@link RelayOutboxUseCase}).
 *
 * <p>A failed batch blocks only its own shard: the shard's reader thread waits here, with back-off, and retries the
 * same batch until it is through, so nothing later is ever sent ahead of it. Other shards have their own readers
 * and carry on. Releasing a shard wakes a waiting retry, which then gives up without recording the batch, so its
 * new owner starts again from the last stored offset.
 */
@Service
@EnableConfigurationProperties(RelayProperties.class)
class OutboxRelay implements RelayOutboxUseCase, ShardOwnershipUseCase, RelayStatusQuery {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final PublishRecordsPort kafka;
    private final AnnounceShardOwnershipPort ownership;
    private final RelayProperties properties;
    private final Backoff backoff;
    private final Clock clock;
    private final List<OutboxShard> shards;
    private final Map<String, ShardRuntime> runtimes = new LinkedHashMap<>();

    OutboxRelay(OutboxTopicsQuery topics, PublishRecordsPort kafka, AnnounceShardOwnershipPort ownership,
            RelayProperties properties, Clock clock, MeterRegistry meters) {
        this.kafka = kafka;
        this.ownership = ownership;
        this.properties = properties;
        this.backoff = new Backoff(properties.initialBackoff(), properties.maxBackoff());
        this.clock = clock;
        this.shards = topics.topics().stream()
                .flatMap(topic -> IntStream.range(0, topic.shardCount())
                        .mapToObj(index -> new OutboxShard(topic, index)))
                .toList();
        for (OutboxShard shard : shards) {
            runtimes.put(shard.table(), new ShardRuntime(shard, meters));
        }
    }

    @Override
    public List<OutboxShard> allShards() {
        return shards;
    }

    @Override
    public void acquired(Collection<OutboxShard> acquired) {
        for (OutboxShard shard : acquired) {
            runtime(shard).own(clock.instant());
            log.info("Relaying shard {} on this instance", shard);
            ownership.announce(new ShardAcquired(shard));
        }
    }

    @Override
    public void released(Collection<OutboxShard> released) {
        for (OutboxShard shard : released) {
            runtime(shard).disown();
        }
        // readers stop in parallel: each waits for its engine to store its offset, which takes a while
        List<Thread> stopping = released.stream()
                .map(shard -> Thread.ofVirtual().name("stop-" + shard.table()).start(() -> {
                    ownership.announce(new ShardReleased(shard));
                    kafka.release(shard);
                    log.info("Stopped relaying shard {} on this instance", shard);
                }))
                .toList();
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean owns(OutboxShard shard) {
        return runtime(shard).owned();
    }

    @Override
    public void relay(OutboxShard shard, List<OutboxRecord> batch) throws InterruptedException {
        ShardRuntime runtime = runtime(shard);
        for (int attempt = 1;; attempt++) {
            if (!runtime.owned()) {
                throw new ShardReleasedException(shard);
            }
            try {
                kafka.publishAtomically(shard, batch);
                runtime.relayed(batch, clock.instant());
                return;
            } catch (ShardFencedException fenced) {
                runtime.failed(fenced, clock.instant());
                throw new ShardFencedInterruption(fenced);
            } catch (RuntimeException failure) {
                runtime.failed(failure, clock.instant());
                Duration pause = backoff.after(attempt);
                if (attempt == 1 || attempt == properties.downAfterAttempts() || attempt % 50 == 0) {
                    log.warn("Shard {}: sending {} record(s) failed (attempt {}), retrying in {} ms: {}", shard,
                            batch.size(), attempt, pause.toMillis(), failure.toString());
                }
                runtime.pause(pause);
            }
        }
    }

    @Override
    public void captureRunning(OutboxShard shard) {
        runtime(shard).running();
    }

    @Override
    public void captureFailed(OutboxShard shard, Throwable error) {
        runtime(shard).failed(error, clock.instant());
    }

    @Override
    public List<ShardStatus> shardStatuses() {
        return runtimes.values().stream().map(ShardRuntime::status).toList();
    }

    @Override
    public int downAfterAttempts() {
        return properties.downAfterAttempts();
    }

    private ShardRuntime runtime(OutboxShard shard) {
        ShardRuntime runtime = runtimes.get(shard.table());
        if (runtime == null) {
            throw new IllegalArgumentException("Unknown outbox shard " + shard);
        }
        return runtime;
    }

    /** One shard's state on this instance; its reader thread and the coordination thread both touch it. */
    private static final class ShardRuntime {
        private final OutboxShard shard;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition released = lock.newCondition();
        private final Counter relayedCounter;
        private final Counter failuresCounter;
        private final Timer lag;
        private volatile boolean owned;
        private volatile ShardState state = ShardState.NOT_OWNED;
        private volatile int failedAttempts;
        private volatile @Nullable String lastError;
        private volatile @Nullable Instant lastErrorAt;
        private volatile long lastRelayedId = -1;
        private volatile long relayed;
        private volatile @Nullable Instant ownedSince;

        ShardRuntime(OutboxShard shard, MeterRegistry meters) {
            this.shard = shard;
            String table = shard.table();
            String topic = shard.topic().topic();
            this.relayedCounter = Counter.builder("relay.events.relayed")
                    .description("Outbox records acknowledged by Kafka")
                    .tags("shard", table, "topic", topic).register(meters);
            this.failuresCounter = Counter.builder("relay.send.failures")
                    .description("Failed attempts to send a batch; each is retried")
                    .tags("shard", table, "topic", topic).register(meters);
            this.lag = Timer.builder("relay.lag")
                    .description("From the change (just before its commit) to the Kafka acknowledgement")
                    .tags("shard", table, "topic", topic)
                    .publishPercentiles(0.5, 0.99)
                    .publishPercentileHistogram()
                    .maximumExpectedValue(Duration.ofMinutes(1))
                    .register(meters);
            Gauge.builder("relay.shard.owned", this, r -> r.owned ? 1 : 0)
                    .description("1 if this instance relays the shard")
                    .tags("shard", table, "topic", topic).register(meters);
            Gauge.builder("relay.shard.failed.attempts", this, r -> r.failedAttempts)
                    .description("Failed attempts in a row at the head of the shard")
                    .tags("shard", table, "topic", topic).register(meters);
        }

        boolean owned() {
            return owned;
        }

        void own(Instant now) {
            owned = true;
            state = ShardState.STARTING;
            failedAttempts = 0;
            // rows past an id relayed in an earlier spell of ownership may have been relayed by another instance
            lastRelayedId = -1;
            ownedSince = now;
        }

        void disown() {
            lock.lock();
            try {
                owned = false;
                state = ShardState.NOT_OWNED;
                ownedSince = null;
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void running() {
            if (owned) {
                state = ShardState.RUNNING;
                failedAttempts = 0;
            }
        }

        void relayed(List<OutboxRecord> batch, Instant now) {
            long maxId = lastRelayedId;
            for (OutboxRecord record : batch) {
                maxId = Math.max(maxId, record.outboxId());
                lag.record(Duration.between(record.occurredAt(), now).abs());
            }
            lastRelayedId = maxId;
            relayed += batch.size();
            relayedCounter.increment(batch.size());
            failedAttempts = 0;
            state = owned ? ShardState.RUNNING : ShardState.NOT_OWNED;
        }

        void failed(Throwable error, Instant now) {
            failedAttempts++;
            failuresCounter.increment();
            lastError = error.toString();
            lastErrorAt = now;
            if (owned) {
                state = ShardState.RETRYING;
            }
        }

        /** Waits out a back-off; returns early when the shard is released. */
        void pause(Duration pause) throws InterruptedException {
            lock.lock();
            try {
                long nanos = pause.toNanos();
                while (owned && nanos > 0) {
                    nanos = released.awaitNanos(nanos);
                }
            } finally {
                lock.unlock();
            }
        }

        ShardStatus status() {
            return new ShardStatus(shard, state, failedAttempts, lastError, lastErrorAt, lastRelayedId, relayed, ownedSince);
        }
    }

}
