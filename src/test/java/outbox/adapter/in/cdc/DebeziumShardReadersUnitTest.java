package outbox.adapter.in.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** When a reader that keeps failing is reported as an ERROR (each restart before that is a WARN). */
class DebeziumShardReadersUnitTest {

    @Test
    void theFailureThatMakesTheShardDownIsAnErrorAndEveryFiftiethAfterIt() {
        int downAfterAttempts = 5;

        assertThat(IntStream.rangeClosed(1, 200)
                .filter(failures -> DebeziumShardReaders.isReportedAsError(failures, downAfterAttempts)).boxed())
                .containsExactly(5, 55, 105, 155);
        assertThat(DebeziumShardReaders.isReportedAsError(1, 1)).as("DOWN after the first failure").isTrue();
    }
}
