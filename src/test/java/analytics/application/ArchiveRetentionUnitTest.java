package analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ArchiveRetentionUnitTest {

    static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    final InMemoryArchive archive = new InMemoryArchive();
    final InMemoryArchive.Mirror mirror = archive.new Mirror();
    final ArchiveLock lock = new ArchiveLock();

    static ArchiveProperties withRetention(Duration retention) {
        ArchiveProperties p = ArchiveWriterUnitTest.properties(1, Duration.ofMinutes(1));
        return new ArchiveProperties(true, Path.of("archive"), Path.of("work"), "group", Duration.ofSeconds(45), 500, 1,
                p.idleRotation(), retention, Duration.ofHours(1), DataSize.ofMegabytes(64), p.query(), p.s3(),
                p.faultInjection());
    }

    void archiveOneRecordOn(String date, long offset) {
        new ArchiveWriter(archive, archive, List.of(mirror), archive, new InMemoryArchive.Register(), lock,
                withRetention(Duration.ZERO), new SimpleMeterRegistry())
                .take(List.of(ArchiveWriterUnitTest.entry(0, offset, Instant.parse(date + "T12:00:00Z"))), NOW);
    }

    @Test
    void daysBeforeTodayMinusTheRetentionAreDeletedLocallyAndInTheMirror() {
        archiveOneRecordOn("2026-10-27", 0);
        archiveOneRecordOn("2026-10-28", 1);
        archiveOneRecordOn("2026-11-27", 2);

        var report = new ArchiveRetention(archive, List.of(mirror), lock, withRetention(Duration.ofDays(30)))
                .applyRetention(NOW);

        assertThat(report.deletedDates()).containsExactly(LocalDate.parse("2026-10-27"));
        assertThat(archive.dates()).containsExactly(LocalDate.parse("2026-10-28"), LocalDate.parse("2026-11-27"));
        assertThat(mirror.dates()).containsExactly(LocalDate.parse("2026-10-28"), LocalDate.parse("2026-11-27"));
    }

    @Test
    void zeroRetentionKeepsEverything() {
        archiveOneRecordOn("2020-01-01", 0);

        var report = new ArchiveRetention(archive, List.of(mirror), lock, withRetention(Duration.ZERO))
                .applyRetention(NOW);

        assertThat(report.deletedDates()).isEmpty();
        assertThat(archive.dates()).containsExactly(LocalDate.parse("2020-01-01"));
    }
}
