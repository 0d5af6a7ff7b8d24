package outbox.adapter.in.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import outbox.adapter.in.cdc.DebeziumShardReaders.FailuresInARow;
import outbox.domain.Backoff;

/**
 * When a reader that keeps failing is reported as an ERROR (each restart before that is a WARN), and how long it
 * waits before the next restart.
 */
class DebeziumShardReadersUnitTest {

    @Test
    void theFailureThatReachesTheLimitIsAnErrorAndEveryFiftiethAfterIt() {
        FailuresInARow failures = new FailuresInARow(5);

        assertThat(reportedAsError(failures, 200)).containsExactly(5, 55, 105, 155);
        assertThat(new FailuresInARow(1).failedAndReportable()).as("a limit of one: the first failure").isTrue();
    }

    @Test
    void aFinishedBatchStartsTheCountAgain() {
        FailuresInARow failures = new FailuresInARow(5);
        assertThat(reportedAsError(failures, 4)).isEmpty();

        failures.batchFinished();

        assertThat(reportedAsError(failures, 4)).as("four more after a finished batch").isEmpty();
        assertThat(failures.failedAndReportable()).as("the fifth in a row").isTrue();
        assertThat(failures.count()).isEqualTo(5);
    }

    @Test
    void theRestartPauseGrowsWithTheFailuresInARowAndStartsOverAfterAFinishedBatch() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        FailuresInARow failures = new FailuresInARow(5);
        List<Long> pauses = new ArrayList<>();
        for (int failure = 1; failure <= 9; failure++) {
            failures.failedAndReportable();
            pauses.add(failures.pause(backoff).toMillis());
        }
        assertThat(pauses).containsExactly(100L, 200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 10_000L, 10_000L);

        failures.batchFinished();
        failures.failedAndReportable();

        assertThat(failures.pause(backoff)).as("the first failure after a healthy run").hasMillis(100);
    }

    /** Which of the next {@code times} failures are reported as an ERROR, numbered from 1. */
    private static List<Integer> reportedAsError(FailuresInARow failures, int times) {
        List<Integer> errors = new ArrayList<>();
        for (int failure = 1; failure <= times; failure++) {
            if (failures.failedAndReportable()) {
                errors.add(failure);
            }
        }
        return errors;
    }
}
