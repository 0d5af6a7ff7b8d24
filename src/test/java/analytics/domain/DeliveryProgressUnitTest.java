package analytics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import analytics.domain.DeliveryProgress.Outcome;
import analytics.domain.DeliveryProgress.Verdict;

class DeliveryProgressUnitTest {

    @Test
    void eventsInSequenceAreTakenInOneByOne() {
        Outcome first = DeliveryProgress.NONE.accept("e1", 1);
        Outcome second = first.progress().accept("e2", 2);

        assertThat(first.verdict()).isEqualTo(Verdict.IN_ORDER);
        assertThat(second.verdict()).isEqualTo(Verdict.IN_ORDER);
        assertThat(second.progress().lastSequence()).isEqualTo(2);
    }

    @Test
    void aRedeliveredEventIsADuplicateAndChangesNothing() {
        DeliveryProgress progress = DeliveryProgress.NONE.accept("e1", 1).progress().accept("e2", 2).progress();

        Outcome again = progress.accept("e1", 1);

        assertThat(again.verdict()).isEqualTo(Verdict.DUPLICATE);
        assertThat(again.progress()).isEqualTo(progress);
    }

    @Test
    void aSkippedSequenceIsAGapAndTheMissingOneLaterIsLate() {
        DeliveryProgress progress = DeliveryProgress.NONE.accept("e1", 1).progress();

        Outcome jump = progress.accept("e3", 3);
        Outcome late = jump.progress().accept("e2", 2);

        assertThat(jump.verdict()).isEqualTo(Verdict.GAP);
        assertThat(late.verdict()).isEqualTo(Verdict.LATE);
        assertThat(late.progress().lastSequence()).isEqualTo(3);
        assertThat(late.progress().accept("e2", 2).verdict()).isEqualTo(Verdict.DUPLICATE);
    }

    @Test
    void onlyTheMostRecentIdsAreRemembered() {
        DeliveryProgress progress = DeliveryProgress.NONE;
        for (int i = 1; i <= DeliveryProgress.REMEMBERED + 10; i++) {
            progress = progress.accept("e" + i, i).progress();
        }
        assertThat(progress.seenEventIds()).hasSize(DeliveryProgress.REMEMBERED).doesNotContain("e1").contains("e74");
    }

    @Test
    void skippedSequencesAreRememberedUntilTheyArrive() {
        DeliveryProgress progress = DeliveryProgress.NONE.accept("e1", 1).progress().accept("e4", 4).progress();

        assertThat(progress.missingSequences()).containsExactly(2L, 3L);
        assertThat(progress.accept("e3", 3).progress().missingSequences()).containsExactly(2L);
    }

    @Test
    void aWildSequenceNumberDoesNotMakeTheMissingListHuge() {
        DeliveryProgress progress = DeliveryProgress.NONE.accept("e1", 1_000_000_000L).progress();

        assertThat(progress.missingSequences()).hasSize(DeliveryProgress.REMEMBERED)
                .endsWith(999_999_999L);
    }
}
