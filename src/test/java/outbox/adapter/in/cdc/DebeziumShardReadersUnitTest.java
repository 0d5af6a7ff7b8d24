package outbox.adapter.in.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import outbox.adapter.in.cdc.DebeziumShardReaders.FailuresInARow;
import outbox.domain.Backoff;

/**
 * When a reader that keeps failing is reported as an ERROR (each restart before that is a WARN), how long it
 * waits before the next restart, and how a slow stop's report shows the threads.
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

    @Test
    void theSlowStopReportPutsEachThreadsStateAndInnermostFramesOnOneLine() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread waiting = Thread.ofPlatform().name("relay-test-waiting").start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            await().until(() -> waiting.getState() == Thread.State.WAITING);

            String stacks = DebeziumShardReaders.stacks(List.of(Thread.currentThread(), waiting), 3);

            assertThat(stacks).doesNotContain("\n").contains(" || ")
                    .startsWith(Thread.currentThread().getName() + " (RUNNABLE) at ")
                    .contains("relay-test-waiting (WAITING) at ");
            assertThat(stacks.substring(stacks.indexOf("relay-test-waiting")).split(" < "))
                    .as("the waiting thread's three innermost frames").hasSize(3);
        } finally {
            release.countDown();
            waiting.join();
        }
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
