package analytics.domain.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ResumePlanUnitTest {

    static final ArchiveHour TEN = new ArchiveHour(LocalDate.parse("2026-11-26"), 10);
    static final ArchiveHour ELEVEN = new ArchiveHour(LocalDate.parse("2026-11-26"), 11);

    static ArchiveFile file(long start, ArchiveHour hour) {
        return new ArchiveFile("delivery.integrated", 0, start, hour);
    }

    @Test
    void filesAtOrAfterTheCommittedOffsetAreDeletedBeforeWritingAgain() {
        List<ArchiveFile> files = List.of(file(0, TEN), file(50, TEN), file(100, ELEVEN), file(120, TEN),
                file(150, ELEVEN));

        ResumePlan plan = ResumePlan.committedAt(100, files);

        assertThat(plan.delete()).containsExactly(file(100, ELEVEN), file(120, TEN), file(150, ELEVEN));
        assertThat(plan.seekTo()).isEmpty();
    }

    @Test
    void nothingIsDeletedWhenEverythingIsCommitted() {
        assertThat(ResumePlan.committedAt(200, List.of(file(0, TEN), file(150, ELEVEN))).delete()).isEmpty();
        assertThat(ResumePlan.committedAt(0, List.of()).delete()).isEmpty();
    }

    @Test
    void aFileThatStartsExactlyAtTheCommittedOffsetWasNotCommitted() {
        assertThat(ResumePlan.committedAt(50, List.of(file(0, TEN), file(50, TEN))).delete())
                .containsExactly(file(50, TEN));
    }

    @Test
    void withoutACommitTheWriterResumesAfterTheHighestArchivedOffsetAndDeletesNothing() {
        ResumePlan plan = ResumePlan.withoutCommit(OptionalLong.of(149));

        assertThat(plan.delete()).isEmpty();
        assertThat(plan.seekTo()).hasValue(150);
    }

    @Test
    void withoutACommitAndWithoutFilesTheConsumerStartsWhereItWould() {
        assertThat(ResumePlan.withoutCommit(OptionalLong.empty()).seekTo()).isEmpty();
    }
}
