package outbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ShardHealthUnitTest {

    static final OutboxShard SHARD = new OutboxShard(new OutboxTopic("delivery.events", "outbox_delivery", 2), 1);
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    void aRunningConnectedShardWithAYoungBacklogIsFine() {
        ShardHealth health = judge(status(ShardState.RUNNING, 0), ReaderConnection.CONNECTED, backlog(Duration.ofSeconds(59)));

        assertThat(health.fine()).isTrue();
        assertThat(health.problems()).isEmpty();
    }

    @Test
    void aShardWhoseOldestWaitingRowIsOlderThanTheLimitIsNot() {
        ShardHealth health = judge(status(ShardState.RUNNING, 0), ReaderConnection.CONNECTED,
                backlog(Duration.ofMillis(61_500)));

        assertThat(health.fine()).isFalse();
        assertThat(health.problems()).containsExactly("the oldest waiting row is 61.5 s old (limit 60.0 s)");
    }

    @Test
    void aRunningShardWhoseReaderLostItsConnectionIsNot() {
        ShardHealth health = judge(status(ShardState.RUNNING, 0), ReaderConnection.DISCONNECTED, backlog(null));

        assertThat(health.fine()).isFalse();
        assertThat(health.problems()).containsExactly("the binlog reader is not connected to the database");
    }

    @Test
    void aRetryingShardWhoseReaderIsGoneIsNot() {
        ShardHealth health = judge(status(ShardState.RETRYING, 1), ReaderConnection.ABSENT, null);

        assertThat(health.problems()).containsExactly("the binlog reader is not running");
    }

    @Test
    void aStartingReaderIsGivenItsTimeUntilItFails() {
        assertThat(judge(status(ShardState.STARTING, 0), ReaderConnection.ABSENT, null).fine()).isTrue();
        assertThat(judge(status(ShardState.STARTING, 5), ReaderConnection.ABSENT, null).problems())
                .containsExactly("the last 5 attempts failed");
    }

    @Test
    void failuresInARowCountEvenWithAConnectedReader() {
        ShardHealth health = judge(status(ShardState.RETRYING, 7), ReaderConnection.CONNECTED, backlog(Duration.ofSeconds(90)));

        assertThat(health.problems()).containsExactly("the last 7 attempts failed",
                "the oldest waiting row is 90.0 s old (limit 60.0 s)");
    }

    @Test
    void aShardAnotherInstanceRelaysIsJudgedThereNotHere() {
        ShardHealth health = judge(status(ShardState.NOT_OWNED, 9), ReaderConnection.ABSENT, backlog(Duration.ofHours(1)));

        assertThat(health.fine()).isTrue();
    }

    @Test
    void nothingWaitingOrAFailedMeasurementIsNoAgeProblem() {
        assertThat(judge(status(ShardState.RUNNING, 0), ReaderConnection.CONNECTED, backlog(null)).fine()).isTrue();
        assertThat(judge(status(ShardState.RUNNING, 0), ReaderConnection.CONNECTED,
                ShardBacklog.failed(NOW, "timeout")).fine()).isTrue();
    }

    @Test
    void aReaderThatHasNotConnectedSinceTheShardWasAcquiredGetsTheWaitingLimitToDoSo() {
        // Debezium's task says it polls before its metrics and binlog connection exist: seconds on a busy machine
        ShardStatus acquired3sAgo = owned(Duration.ofSeconds(3));
        assertThat(ShardHealth.judge(acquired3sAgo, ReaderConnection.ABSENT, false, null, 5, LIMIT, NOW).fine()).isTrue();
        assertThat(ShardHealth.judge(acquired3sAgo, ReaderConnection.DISCONNECTED, false, null, 5, LIMIT, NOW).fine())
                .isTrue();

        assertThat(ShardHealth.judge(owned(Duration.ofSeconds(61)), ReaderConnection.ABSENT, false, null, 5, LIMIT, NOW)
                .problems()).containsExactly("the binlog reader is not running");
        assertThat(ShardHealth.judge(acquired3sAgo, ReaderConnection.DISCONNECTED, true, null, 5, LIMIT, NOW).problems())
                .as("once connected, a lost connection counts at once")
                .containsExactly("the binlog reader is not connected to the database");
    }

    @Test
    void aReaderThatFailedSinceTheShardWasAcquiredGetsNoTimeForItsFirstConnection() {
        Instant acquired = NOW.minusSeconds(10);
        ShardStatus failedAfter = new ShardStatus(SHARD, ShardState.RETRYING, 1, "binlog: access denied",
                NOW.minusSeconds(2), -1, 0, acquired);
        assertThat(ShardHealth.judge(failedAfter, ReaderConnection.ABSENT, false, null, 5, LIMIT, NOW).problems())
                .containsExactly("the binlog reader is not running");

        ShardStatus failedBefore = new ShardStatus(SHARD, ShardState.RUNNING, 0, "an error of an earlier ownership",
                acquired.minusSeconds(1), -1, 0, acquired);
        assertThat(ShardHealth.judge(failedBefore, ReaderConnection.ABSENT, false, null, 5, LIMIT, NOW).fine()).isTrue();
    }

    /** the readers in the other cases have connected since the shard was acquired (ten minutes ago) */
    static ShardHealth judge(ShardStatus status, ReaderConnection reader, @Nullable ShardBacklog backlog) {
        return ShardHealth.judge(status, reader, true, backlog, 5, LIMIT, NOW);
    }

    static ShardStatus owned(Duration ago) {
        return new ShardStatus(SHARD, ShardState.RUNNING, 0, null, null, -1, 0, NOW.minus(ago));
    }

    static ShardStatus status(ShardState state, int failedAttempts) {
        return new ShardStatus(SHARD, state, failedAttempts, null, null, 41, 41,
                state == ShardState.NOT_OWNED ? null : NOW.minusSeconds(600));
    }

    static ShardBacklog backlog(@Nullable Duration age) {
        return ShardBacklog.measured(NOW, age);
    }
}
