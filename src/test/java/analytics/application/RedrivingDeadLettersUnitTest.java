package analytics.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import analytics.application.port.in.InvalidRedriveRequestException;
import analytics.application.port.in.RedriveCommand;
import analytics.application.port.in.RedriveRefusedException;
import analytics.application.port.in.RedriveReport;
import analytics.application.port.out.DeadLetterQueuePort;
import analytics.domain.DeadLetter;
import analytics.domain.DeadLetter.Reason;

class RedrivingDeadLettersUnitTest {

    /** An in-memory dead-letter topic: what it holds, what was moved, how far it got. */
    static final class DeadLetters implements DeadLetterQueuePort {
        final List<DeadLetter> waiting = new ArrayList<>();
        final List<DeadLetter> redriveTopic = new ArrayList<>();
        int redrivePartitions = 12;
        int position;

        @Override
        public Partitions partitions() {
            return new Partitions(12, redrivePartitions);
        }

        @Override
        public Moved move(int max, Predicate<DeadLetter> redrivable) {
            List<DeadLetter> moved = new ArrayList<>();
            List<DeadLetter> passed = new ArrayList<>();
            while (position < waiting.size() && moved.size() + passed.size() < max) {
                DeadLetter next = waiting.get(position++);
                (redrivable.test(next) ? moved : passed).add(next);
            }
            redriveTopic.addAll(moved);
            return new Moved(moved, passed, position < waiting.size());
        }
    }

    final DeadLetters deadLetters = new DeadLetters();
    final RedrivingDeadLetters redrive = new RedrivingDeadLetters(deadLetters, new AnalyticsProperties(true,
            Duration.ofHours(6), Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofMinutes(5),
            new AnalyticsProperties.Topics(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(7)),
            new AnalyticsProperties.Redrive(3, Duration.ofSeconds(1)),
            new AnalyticsProperties.StateStores(DataSize.ofMegabytes(128), DataSize.ofMegabytes(64))));

    static DeadLetter deadLetter(Reason reason, String key, long offset) {
        return new DeadLetter(reason, "why", "delivery.events", 0, offset, key);
    }

    @Test
    void movesWhatCanBePlacedAndPassesOverRecordsWithoutADeliveryId() {
        deadLetters.waiting.add(deadLetter(Reason.UNKNOWN_EVENT_TYPE, "d-1", 0));
        deadLetters.waiting.add(deadLetter(Reason.NO_KEY, "not-a-delivery", 1));
        deadLetters.waiting.add(deadLetter(Reason.UNREADABLE_PAYLOAD, "d-2", 2));

        RedriveReport report = redrive.redrive(new RedriveCommand(null));

        assertThat(report.redriven()).isEqualTo(2);
        assertThat(report.passedOver()).isEqualTo(1);
        assertThat(report.byReason()).containsEntry("unknown-event-type", 1).containsEntry("no-key", 1)
                .containsEntry("unreadable-payload", 1);
        assertThat(report.limitReached()).isFalse();
        assertThat(deadLetters.redriveTopic).extracting(DeadLetter::sourceOffset).containsExactly(0L, 2L);
        assertThat(redrive.redrive(new RedriveCommand(null)).redriven()).isZero();
    }

    @Test
    void neverMovesMoreThanTheConfiguredMaximumAndSaysMoreAreWaiting() {
        for (int i = 0; i < 5; i++) {
            deadLetters.waiting.add(deadLetter(Reason.UNKNOWN_EVENT_TYPE, "d-" + i, i));
        }

        RedriveReport capped = redrive.redrive(new RedriveCommand(1_000));
        RedriveReport rest = redrive.redrive(new RedriveCommand(1));

        assertThat(capped.redriven()).isEqualTo(3);
        assertThat(capped.limitReached()).isTrue();
        assertThat(rest.redriven()).isEqualTo(1);
    }

    @Test
    void refusesWhileTheRedriveTopicIsNotCoPartitionedWithTheEvents() {
        deadLetters.waiting.add(deadLetter(Reason.UNKNOWN_EVENT_TYPE, "d-1", 0));
        deadLetters.redrivePartitions = 6;

        assertThatThrownBy(() -> redrive.redrive(new RedriveCommand(null)))
                .isInstanceOf(RedriveRefusedException.class)
                .hasMessageContaining("6 partitions").hasMessageContaining("12");
        assertThat(deadLetters.redriveTopic).isEmpty();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new RedriveCommand(0)).isInstanceOf(InvalidRedriveRequestException.class);
    }
}
