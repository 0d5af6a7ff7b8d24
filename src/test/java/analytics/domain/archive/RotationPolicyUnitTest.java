package analytics.domain.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RotationPolicyUnitTest {

    static final Instant NOW = Instant.parse("2026-11-26T04:30:00Z");
    static final ArchiveHour FOUR = ArchiveHour.of(NOW);
    static final ArchiveHour FIVE = ArchiveHour.of(NOW.plus(Duration.ofHours(1)));
    static final ArchiveHour THREE = ArchiveHour.of(NOW.minus(Duration.ofHours(1)));

    final RotationPolicy policy = new RotationPolicy(3, Duration.ofSeconds(60));

    @Test
    void aBatchIsFinishedWhenItHoldsTheRecordCount() {
        OpenBatch batch = OpenBatch.startingAt(0, 100, NOW);
        batch.add(100, FOUR, NOW);
        batch.add(101, FOUR, NOW);
        assertThat(policy.afterAdding(batch)).isNull();

        batch.add(102, FOUR, NOW);

        assertThat(policy.afterAdding(batch)).isEqualTo(RotationReason.RECORD_COUNT);
        assertThat(batch.nextOffset()).isEqualTo(103);
    }

    @Test
    void skippedRecordsMoveTheOffsetButDoNotCount() {
        OpenBatch batch = OpenBatch.startingAt(0, 100, NOW);
        batch.add(100, FOUR, NOW);
        batch.skip(101, NOW);
        batch.skip(105, NOW);
        batch.add(106, FOUR, NOW);

        assertThat(policy.afterAdding(batch)).isNull();
        assertThat(batch.rows()).isEqualTo(2);
        assertThat(batch.nextOffset()).isEqualTo(107);
    }

    @Test
    void aRecordOfALaterHourFinishesTheBatchFirst() {
        OpenBatch batch = OpenBatch.startingAt(0, 100, NOW);
        batch.add(100, FOUR, NOW);

        assertThat(policy.beforeAdding(batch, FOUR)).isNull();
        assertThat(policy.beforeAdding(batch, FIVE)).isEqualTo(RotationReason.RECORD_HOUR);
    }

    @Test
    void aLateRecordOfAnEarlierHourStaysInTheBatch() {
        OpenBatch batch = OpenBatch.startingAt(0, 100, NOW);
        batch.add(100, FOUR, NOW);

        assertThat(policy.beforeAdding(batch, THREE)).isNull();
        batch.add(101, THREE, NOW);
        assertThat(batch.latestHour()).isEqualTo(FOUR);
        assertThat(policy.beforeAdding(batch, FOUR)).as("still hour four").isNull();
    }

    @Test
    void aBatchWithoutRecordsSinceTheIdleTimeoutIsIdle() {
        OpenBatch batch = OpenBatch.startingAt(0, 100, NOW);
        batch.add(100, FOUR, NOW);

        assertThat(policy.isIdle(batch, NOW.plusSeconds(59))).isFalse();
        assertThat(policy.isIdle(batch, NOW.plusSeconds(60))).isTrue();

        batch.add(101, FOUR, NOW.plusSeconds(59));
        assertThat(policy.isIdle(batch, NOW.plusSeconds(60))).as("activity restarts the clock").isFalse();
        assertThat(policy.isIdle(batch, NOW.plusSeconds(119))).isTrue();
    }

    @Test
    void offsetsOnlyMoveForward() {
        OpenBatch batch = OpenBatch.startingAt(0, 100, NOW);
        batch.add(100, FOUR, NOW);

        assertThatThrownBy(() -> batch.add(100, FOUR, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch.skip(99, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPolicyNeedsPositiveLimits() {
        assertThatThrownBy(() -> new RotationPolicy(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RotationPolicy(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
