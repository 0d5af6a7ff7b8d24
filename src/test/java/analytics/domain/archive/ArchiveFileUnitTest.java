package analytics.domain.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class ArchiveFileUnitTest {

    static final ArchiveHour HOUR = new ArchiveHour(LocalDate.parse("2026-11-26"), 4);

    @Test
    void aFileIsNamedByTopicPartitionAndZeroPaddedStartOffsetUnderItsHour() {
        ArchiveFile file = new ArchiveFile("delivery.integrated", 3, 1234, HOUR);

        assertThat(file.name()).isEqualTo("delivery.integrated+3+0000000000000001234.parquet");
        assertThat(file.path()).isEqualTo("dt=2026-11-26/hr=04/delivery.integrated+3+0000000000000001234.parquet");
    }

    @Test
    void namesSortByOffsetAndHoldTheLargestOffset() {
        ArchiveFile nine = new ArchiveFile("t", 0, 9, HOUR);
        ArchiveFile ten = new ArchiveFile("t", 0, 10, HOUR);
        ArchiveFile largest = new ArchiveFile("t", 0, Long.MAX_VALUE, HOUR);

        assertThat(nine.name()).isLessThan(ten.name());
        assertThat(ten.name()).isLessThan(largest.name());
        assertThat(largest.name()).isEqualTo("t+0+9223372036854775807.parquet");
    }

    @Test
    void theSameRecordsGiveTheSameNameEveryTime() {
        assertThat(new ArchiveFile("delivery.integrated", 3, 1234, HOUR))
                .isEqualTo(new ArchiveFile("delivery.integrated", 3, 1234, HOUR));
    }

    @Test
    void pathsParseBackToTheirFile() {
        ArchiveFile file = new ArchiveFile("delivery.integrated", 11, 987654321, new ArchiveHour(
                LocalDate.parse("2027-01-02"), 23));

        assertThat(ArchiveFile.parse(file.path())).contains(file);
    }

    @Test
    void anythingElseIsNotAnArchiveFile() {
        assertThat(ArchiveFile.parse("dt=2026-11-26/hr=04/delivery.integrated+3+0000000000000001234.parquet.tmp"))
                .isEmpty();
        assertThat(ArchiveFile.parse("dt=2026-11-26/hr=24/delivery.integrated+3+0000000000000001234.parquet"))
                .isEmpty();
        assertThat(ArchiveFile.parse("dt=2026-13-26/hr=04/delivery.integrated+3+0000000000000001234.parquet"))
                .isEmpty();
        assertThat(ArchiveFile.parse("dt=2026-11-26/hr=04/delivery.integrated+3+1234.parquet")).isEmpty();
        assertThat(ArchiveFile.parse("delivery.integrated+3+0000000000000001234.parquet")).isEmpty();
        assertThat(ArchiveFile.parse("dt=2026-11-26/hr=04/evil.parquet")).isEmpty();
    }

    @Test
    void topicsThatCouldBreakTheNameAreRefused() {
        assertThatThrownBy(() -> new ArchiveFile("a+b", 0, 0, HOUR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveFile("../x", 0, 0, HOUR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveFile("t", -1, 0, HOUR)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHourIsTheRecordTimeInUtc() {
        assertThat(ArchiveHour.of(Instant.parse("2026-11-26T23:59:59.999Z")))
                .isEqualTo(new ArchiveHour(LocalDate.parse("2026-11-26"), 23));
        assertThat(ArchiveHour.of(Instant.parse("2026-11-27T00:00:00Z")).directory()).isEqualTo("dt=2026-11-27/hr=00");
    }
}
