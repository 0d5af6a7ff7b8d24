package outbox.adapter.in.cdc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import outbox.EventEnvelope;
import outbox.application.RelayProperties;
import outbox.application.port.in.OutboxTopicsQuery;
import outbox.application.port.in.RelayOutboxUseCase;
import outbox.domain.Backoff;
import outbox.domain.OutboxRecord;
import outbox.domain.OutboxShard;
import outbox.domain.OutboxTopic;
import outbox.domain.ShardAcquired;
import outbox.domain.ShardReleased;
import platform.kafka.KafkaClientSecurity;
import platform.kafka.RelayKafkaProperties;
import platform.logging.RequestedStop;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay's driving adapter: one embedded Debezium engine per owned shard, each on its own thread, reading only
 * its table from the binary log and handing the rows to {@link RelayOutboxUseCase} in commit order. It starts and
 * stops with the relay's announcements of shard ownership. Debezium's outbox EventRouter turns each inserted row
 * into a record for the row's topic, keyed by the aggregate id, with the payload as value; the columns consumers
 * need go into headers. Updates and deletes are skipped by the connector ({@code skipped.operations}), so clean-up
 * never produces events.
 *
 * <p>A batch is marked processed only after the relay has it acknowledged by Kafka; offsets and schema history
 * live in Kafka topics, so whichever instance owns the shard next resumes exactly there. An engine that stops on
 * its own (database gone, binlog connection lost) is restarted with back-off while the shard is owned.
 */
@Component
@EnableConfigurationProperties({ CdcProperties.class, RelayKafkaProperties.class })
class DebeziumShardReaders implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DebeziumShardReaders.class);
    /** after this long a reader's stop is reported with where its threads are */
    static final Duration SLOW_STOP = Duration.ofSeconds(10);
    /**
     * after this long a reader's stop is given up and its shard handed over without it; not a hard bound: a close()
     * of Debezium's already under way when it passes is waited for (Debezium bounds its task stop at 40 s)
     */
    static final Duration STOP_LIMIT = Duration.ofSeconds(60);
    /** how long a reader may take to return once its engine's close() has returned, before it is interrupted */
    private static final Duration RETURN_AFTER_CLOSE = Duration.ofSeconds(1);
    /** the row id, placed in a header by the EventRouter to track progress; never sent */
    private static final String OUTBOX_ID = "outboxId";
    /** the row's {@code headers} JSON column, spread into record headers */
    private static final String STORED_HEADERS = "headers";

    private final RelayOutboxUseCase relay;
    private final CdcProperties cdc;
    /** null on an instance that does not relay (it never starts a reader, so needs no binlog user) */
    private final @Nullable CdcConnection connection;
    private final RelayKafkaProperties kafka;
    private final String bootstrapServers;
    private final Map<String, String> clientSecurity;
    private final Backoff restartBackoff;
    private final int downAfterAttempts;
    private final JsonMapper json;
    private final Map<String, ShardReader> readers = new ConcurrentHashMap<>();
    private final Map<String, Integer> ordinals = new LinkedHashMap<>();
    /** reports where a reader's stop hangs, so that a hand-over that waits on it can be explained from the log */
    private final ScheduledExecutorService slowStopReports = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("relay-reader-stop-watch").daemon().factory());

    DebeziumShardReaders(RelayOutboxUseCase relay, CdcProperties cdc, RelayKafkaProperties kafka,
            RelayProperties properties, KafkaAdmin admin, JsonMapper json, OutboxTopicsQuery topics,
            DataSourceProperties datasource) {
        this.relay = relay;
        this.cdc = cdc;
        this.connection = properties.enabled() ? CdcConnection.resolve(cdc, datasource.getUrl()) : null;
        this.kafka = kafka;
        Object servers = admin.getConfigurationProperties().get("bootstrap.servers");
        this.bootstrapServers = servers instanceof Collection<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(servers);
        this.clientSecurity = KafkaClientSecurity.settings(admin.getConfigurationProperties());
        this.restartBackoff = new Backoff(properties.initialBackoff(), properties.maxBackoff());
        this.downAfterAttempts = properties.downAfterAttempts();
        this.json = json;
        // shard i of all topics in name order reads as replica serverIdBase + i: distinct for every shard
        for (OutboxTopic topic : topics.topics()) {
            for (int index = 0; index < topic.shardCount(); index++) {
                ordinals.put(topic.table(index), ordinals.size());
            }
        }
    }

    /** Starts reading from the shard's stored offset; returns at once. */
    @EventListener
    void on(ShardAcquired acquired) {
        OutboxShard shard = acquired.shard();
        ShardReader reader = new ShardReader(shard);
        ShardReader previous = readers.put(shard.table(), reader);
        if (previous != null) {
            previous.stop();
        }
        reader.start();
    }

    /** Stops reading and stores the offset of what was relayed; returns once stopped. */
    @EventListener
    void on(ShardReleased released) {
        ShardReader reader = readers.remove(released.shard().table());
        if (reader != null) {
            reader.stop();
        }
    }

    @Override
    public void destroy() {
        readers.keySet().forEach(table -> {
            ShardReader reader = readers.remove(table);
            if (reader != null) {
                reader.stop();
            }
        });
        slowStopReports.shutdownNow();
    }

    /**
     * One line: each thread with its state and innermost frames, for a WARN that tells where something waits
     * (a multi-line stack would not survive log filters and diagnoses that keep matching lines).
     */
    static String stacks(Collection<Thread> threads, int frames) {
        return threads.stream().map(thread -> {
            List<String> top = Arrays.stream(thread.getStackTrace()).limit(frames)
                    .map(StackTraceElement::toString).toList();
            return thread.getName() + " (" + thread.getState() + ") at " + String.join(" < ", top);
        }).collect(Collectors.joining(" || "));
    }

    Properties engineProperties(OutboxShard shard) {
        String table = shard.table();
        String name = shard.readerName();
        CdcConnection connection = this.connection;
        if (connection == null) {
            throw new IllegalStateException("Shard " + shard + " acquired although relay.outbox.enabled=false");
        }
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("connector.class", cdc.connector().connectorClass);
        p.setProperty("database.hostname", connection.hostname());
        p.setProperty("database.port", Integer.toString(connection.port()));
        p.setProperty("database.user", connection.username());
        p.setProperty("database.password", connection.password());
        p.setProperty("database.server.id", Long.toString(cdc.serverIdBase() + ordinals.getOrDefault(table, shard.index())));
        p.setProperty("topic.prefix", name);
        p.setProperty("database.include.list", connection.database());
        p.setProperty("table.include.list", connection.database() + "." + table);
        p.setProperty("snapshot.mode", cdc.snapshotMode());
        p.setProperty("skipped.operations", "u,d,t");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("include.schema.changes", "false");
        p.setProperty("heartbeat.interval.ms", Long.toString(cdc.heartbeatInterval().toMillis()));
        // the binlog client reconnects a lost connection only at its keep-alive check (see CdcProperties)
        p.setProperty("connect.keep.alive.interval.ms", Long.toString(cdc.keepAliveInterval().toMillis()));
        p.setProperty("max.batch.size", Integer.toString(cdc.maxBatchSize()));
        p.setProperty("max.queue.size", Integer.toString(cdc.maxQueueSize()));
        p.setProperty("poll.interval.ms", Long.toString(cdc.pollInterval().toMillis()));
        p.setProperty("record.processing.order", "ORDERED");

        p.setProperty("bootstrap.servers", bootstrapServers);
        // Connect's Kafka offset store, closing the admin client Debezium's engine would leave open (see the class)
        p.setProperty("offset.storage", ClosingKafkaOffsetBackingStore.class.getName());
        p.setProperty("offset.storage.topic", cdc.offsetTopic());
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", Short.toString(kafka.replicationFactor()));
        p.setProperty("offset.flush.interval.ms", Long.toString(cdc.offsetFlushInterval().toMillis()));
        p.setProperty("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
        p.setProperty("schema.history.internal.kafka.topic", cdc.schemaHistoryTopicPrefix() + table);
        p.setProperty("schema.history.internal.kafka.bootstrap.servers", bootstrapServers);
        p.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        p.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
        // TLS and SASL as every other client of the application has them: Connect hands the engine's own
        // configuration to the offset store's producer, consumer and admin client; the schema history takes its
        // clients' settings under these prefixes (its admin client uses the consumer's)
        clientSecurity.forEach((key, value) -> {
            p.setProperty(key, value);
            p.setProperty("schema.history.internal.producer." + key, value);
            p.setProperty("schema.history.internal.consumer." + key, value);
        });

        // Debezium's outbox router, applied to the table's change records only (not to heartbeats)
        p.setProperty("predicates", "outboxTable");
        p.setProperty("predicates.outboxTable.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        p.setProperty("predicates.outboxTable.pattern", java.util.regex.Pattern.quote(name) + "\\..*");
        p.setProperty("transforms", "outbox");
        p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        p.setProperty("transforms.outbox.predicate", "outboxTable");
        p.setProperty("transforms.outbox.table.field.event.id", "event_id");
        p.setProperty("transforms.outbox.table.field.event.key", "aggregate_id");
        p.setProperty("transforms.outbox.table.field.event.payload", "payload");
        p.setProperty("transforms.outbox.table.fields.additional.placement",
                "event_type:header:" + EventEnvelope.EVENT_TYPE + ",sequence:header:" + EventEnvelope.SEQUENCE
                        + ",occurred_at:header:" + EventEnvelope.OCCURRED_AT + ",aggregate_type:header:"
                        + EventEnvelope.AGGREGATE_TYPE + ",id:header:" + OUTBOX_ID + ",headers:header:" + STORED_HEADERS);
        p.setProperty("transforms.outbox.route.by.field", "aggregate_type");
        p.setProperty("transforms.outbox.route.topic.replacement", shard.topic().topic());
        p.setProperty("transforms.outbox.table.op.invalid.behavior", "warn");
        p.setProperty("transforms.outbox.table.expand.json.payload", "false");

        cdc.properties().forEach(p::setProperty);
        return p;
    }

    /**
     * Maps an EventRouter record to what the relay sends: the envelope headers ({@link EventEnvelope}) and those
     * stored with the row, nothing else. The row id only tracks progress and is not sent.
     */
    OutboxRecord toOutboxRecord(SourceRecord record) {
        Map<String, String> headers = new LinkedHashMap<>();
        long outboxId = -1;
        Instant occurredAt = Instant.EPOCH;
        for (Header header : record.headers()) {
            Object value = header.value();
            switch (header.key()) {
                // the EventRouter puts the row's event_id into header "id"
                case "id" -> headers.put(EventEnvelope.EVENT_ID, String.valueOf(value));
                case OUTBOX_ID -> outboxId = ((Number) value).longValue();
                case EventEnvelope.OCCURRED_AT -> {
                    occurredAt = microsToInstant(value);
                    headers.put(EventEnvelope.OCCURRED_AT, occurredAt.toString());
                }
                case STORED_HEADERS -> {
                    if (value != null) {
                        JsonNode stored = json.readTree(value.toString());
                        stored.properties().forEach(e -> headers.putIfAbsent(e.getKey(), e.getValue().asString()));
                    }
                }
                case EventEnvelope.EVENT_TYPE, EventEnvelope.SEQUENCE, EventEnvelope.AGGREGATE_TYPE ->
                        headers.put(header.key(), String.valueOf(value));
                // the connector's own headers (__debezium.context.*) are not part of the published envelope
                default -> { }
            }
        }
        Object value = record.value();
        String payload = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
        return new OutboxRecord(record.topic(), String.valueOf(record.key()), payload, headers, outboxId, occurredAt);
    }

    private static Instant microsToInstant(@Nullable Object value) {
        if (value instanceof Number micros) {
            long m = micros.longValue();
            return Instant.EPOCH.plus(m, ChronoUnit.MICROS);
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        return Instant.EPOCH;
    }

    /**
     * A reader's engine failures since it last finished a batch (heartbeats make one every
     * {@code relay.cdc.heartbeat-interval} on a quiet shard), and which of them is reported as an ERROR: the one that
     * reaches {@code relay.outbox.down-after-attempts} and every 50th after it, so that a reader that keeps failing is
     * reported again without one ERROR per restart. Counted from finished batches, not from the engine's start, so a
     * failure that recurs after the engine has started polling (a row it cannot read) is counted too. The restart's
     * back-off follows the same count, so a reader that failed once after a healthy week restarts after the first
     * pause, not after the pause its restarts of that week add up to.
     */
    static final class FailuresInARow {
        private final int reportAt;
        private final AtomicInteger count = new AtomicInteger();

        FailuresInARow(int reportAt) {
            this.reportAt = reportAt;
        }

        /** Counts a failure; true if this one is reported as an ERROR. */
        boolean failedAndReportable() {
            int failures = count.incrementAndGet();
            return failures == reportAt || failures > reportAt && (failures - reportAt) % 50 == 0;
        }

        int count() {
            return count.get();
        }

        /** The pause before the next restart: the back-off after as many attempts as failures in a row (at least 1). */
        Duration pause(Backoff backoff) {
            return backoff.after(Math.max(1, count.get()));
        }

        void batchFinished() {
            count.set(0);
        }
    }

    /**
     * Ends the batch of a reader that was told to stop; a requested stop, not a failure, for the log filter. An
     * {@link InterruptedException} because that is the one checked exception Debezium lets a batch handler throw.
     */
    static final class ReaderStopping extends InterruptedException implements RequestedStop {
        private static final long serialVersionUID = 1L;

        ReaderStopping(OutboxShard shard) {
            super("The reader of shard " + shard + " was told to stop; it relays nothing more");
        }
    }

    /** The engine of one shard on its own thread, restarted with back-off until the shard is released. */
    private final class ShardReader implements Runnable {
        private final OutboxShard shard;
        private final Thread thread;
        private final CountDownLatch stopping = new CountDownLatch(1);
        private volatile @Nullable DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
        private volatile @Nullable Throwable lastFailure;
        /**
         * From the engine's switch to polling (its pollingStarted() callback, on the reader's thread) until its run()
         * returns. Only then is the reader's thread interrupted, and only after this reader's own close() was
         * accepted: the engine's clean-up then ran on the stopping thread, not on this one (as it would after a
         * failure, in Debezium's closeEngineWithException), and is not cut short.
         */
        private volatile boolean polling;
        private final Object engineRunLock = new Object();
        private final FailuresInARow failuresInARow = new FailuresInARow(downAfterAttempts);

        ShardReader(OutboxShard shard) {
            this.shard = shard;
            this.thread = Thread.ofPlatform().name("relay-" + shard.table()).daemon().unstarted(this);
        }

        void start() {
            thread.start();
        }

        void stop() {
            stopping.countDown();
            ScheduledFuture<?> slowStop = watch(Thread.currentThread());
            // Debezium refuses close() while its tasks are still starting; ask again until one close() is accepted,
            // then wait for the reader to end.
            long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
            long closedAt = 0;
            boolean interrupted = false;
            try {
                while (thread.isAlive() && System.nanoTime() < deadline) {
                    if (closedAt == 0 && closeEngine()) {
                        closedAt = System.nanoTime();
                    }
                    thread.join(200);
                    if (!interrupted && closedAt != 0 && thread.isAlive()
                            && System.nanoTime() - closedAt > RETURN_AFTER_CLOSE.toNanos()) {
                        // Debezium 3.5's AsyncEmbeddedEngine.runTasksPolling submits the polling task to its
                        // one-thread task pool and then waits for its result without a bound. A close() accepted
                        // after the engine switched to polling but before that submission queues its stop task
                        // first; the stop's shutdownNow() can then discard the queued polling task, and the wait never
                        // ends (the likely reason for the reader CI saw run past the 60 s limit). The wait ends on an
                        // interrupt, after which run() only returns. Interrupted once, and only once polling started:
                        // before that the reader's thread may be starting the offset store, which an interrupt breaks.
                        interrupted = interruptPollingEngine();
                        if (interrupted) {
                            log.warn("Reader of shard {} still waited in its engine 1 s after the engine was closed;"
                                    + " interrupted (Debezium's wait for a polling task its close discarded)", shard);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (slowStop != null) {
                    slowStop.cancel(false);
                }
            }
            if (thread.isAlive()) {
                log.warn("Reader of shard {} did not stop within {} s; its shard is handed over without it", shard,
                        STOP_LIMIT.toSeconds());
            }
        }

        /**
         * Interrupts the reader's thread if its engine has started polling and has not returned, never in the clean-up
         * after it; true if it did.
         */
        private boolean interruptPollingEngine() {
            synchronized (engineRunLock) {
                if (polling) {
                    thread.interrupt();
                    return true;
                }
                return false;
            }
        }

        /** Schedules the report of a slow stop; none once the readers are destroyed (a diagnosis never blocks a stop). */
        private @Nullable ScheduledFuture<?> watch(Thread stopper) {
            try {
                return slowStopReports.schedule(() -> log.warn(
                        "Reader of shard {} has not stopped after {} s; the shard's hand-over waits on it: {}", shard,
                        SLOW_STOP.toSeconds(), stacks(threadsToReport(stopper), 25)), SLOW_STOP.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException destroyed) {
                return null;
            }
        }

        /**
         * The stopping thread, the reader's own, every thread named after the reader, and the engines' unnamed task
         * threads (Debezium's engine names them {@code pool-N-thread-M}, so those of other shards come along).
         */
        private List<Thread> threadsToReport(Thread stopper) {
            List<Thread> threads = new ArrayList<>(List.of(stopper, thread));
            Thread.getAllStackTraces().forEach((other, stack) -> {
                boolean named = other.getName().contains(shard.readerName() + "-");
                boolean engineTask = other.getName().startsWith("pool-") && Arrays.stream(stack)
                        .anyMatch(frame -> frame.getClassName().startsWith("io.debezium"));
                if (named || engineTask) {
                    threads.add(other);
                }
            });
            return threads;
        }

        @Override
        public void run() {
            while (stopping.getCount() > 0) {
                lastFailure = null;
                Properties properties = engineProperties(shard);
                String offsetStore = shard.readerName() + "#" + UUID.randomUUID();
                properties.setProperty(ClosingKafkaOffsetBackingStore.REGISTRY_KEY, offsetStore);
                DebeziumEngine<RecordChangeEvent<SourceRecord>> current = DebeziumEngine
                        .create(ChangeEventFormat.of(Connect.class))
                        .using(properties)
                        .notifying(this::handleBatch)
                        .using(new DebeziumEngine.ConnectorCallback() {
                            @Override
                            public void pollingStarted() {
                                polling = true;
                                relay.captureRunning(shard);
                            }
                        })
                        .using((success, message, error) -> {
                            if (!success) {
                                lastFailure = error != null ? error : new IllegalStateException(message);
                            }
                        })
                        .build();
                engine = current;
                if (stopping.getCount() == 0) {
                    closeEngine();
                    return;
                }
                try {
                    current.run();
                } finally {
                    synchronized (engineRunLock) {
                        polling = false;
                        // an interrupt meant for the engine's run() must not cut the offset store's stop short
                        Thread.interrupted();
                    }
                    // an engine closed while still starting leaves its offset store running (see the class)
                    ClosingKafkaOffsetBackingStore.stopIfStillRunning(offsetStore);
                }
                if (stopping.getCount() == 0 || !relay.owns(shard)) {
                    return;
                }
                Throwable failure = lastFailure != null ? lastFailure : new IllegalStateException("engine stopped");
                relay.captureFailed(shard, failure);
                // Debezium's own "Engine has failed" is a WARN (KnownNoiseFilter): one restart usually heals it.
                // Failing again and again without finishing a batch is what someone must act on.
                boolean reportable = failuresInARow.failedAndReportable();
                var pause = failuresInARow.pause(restartBackoff);
                if (reportable) {
                    log.error("Reader of shard {} failed {} times in a row without finishing a batch, last with {}; the"
                            + " shard's events wait until it reads again (next try in {} ms)", shard,
                            failuresInARow.count(), failure.toString(), pause.toMillis());
                } else {
                    log.warn("Reader of shard {} stopped ({}); restarting in {} ms", shard, failure.toString(),
                            pause.toMillis());
                }
                try {
                    if (stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
            if (stopping.getCount() == 0) {
                // A reader whose stop outlasted its limit may still deliver a batch after its shard was released, and
                // perhaps acquired again by this instance with a new reader: it must not relay beside that one.
                throw new ReaderStopping(shard);
            }
            String topic = shard.topic().topic();
            List<OutboxRecord> batch = new ArrayList<>(records.size());
            for (RecordChangeEvent<SourceRecord> event : records) {
                SourceRecord record = event.record();
                if (topic.equals(record.topic()) && record.value() != null) {
                    batch.add(toOutboxRecord(record));
                }
            }
            if (!batch.isEmpty()) {
                relay.relay(shard, batch);
            }
            for (RecordChangeEvent<SourceRecord> event : records) {
                committer.markProcessed(event);
            }
            committer.markBatchFinished();
            failuresInARow.batchFinished();
        }

        /** True if this call closed the engine (close() returned); false if refused, failed or nothing to close. */
        private boolean closeEngine() {
            DebeziumEngine<?> current = engine;
            if (current != null) {
                try {
                    current.close();
                    return true;
                } catch (IllegalStateException notYet) {
                    log.debug("Reader of shard {} cannot close yet: {}", shard, notYet.getMessage());
                } catch (Exception e) {
                    log.warn("Closing the reader of shard {} failed: {}", shard, e.toString());
                }
            }
            return false;
        }
    }

}
