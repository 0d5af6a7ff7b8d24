package analytics.application;

import static analytics.application.port.in.ArchiveIntegratedDeliveriesUseCase.SOURCE_TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import analytics.IntegratedDeliveries;
import analytics.application.port.in.ArchiveIntegratedDeliveriesUseCase.FinishedBatch;
import analytics.domain.IntegratedDelivery;
import analytics.domain.archive.ArchiveEntry;
import analytics.domain.archive.ArchiveFile;
import analytics.domain.archive.ArchiveHour;
import analytics.domain.archive.RotationReason;
import analytics.domain.archive.SkippedRecord;
import analytics.domain.archive.SourceRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The archive writer's exactly-once rules, over in-memory ports. */
class ArchiveWriterUnitTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:40:00Z");

    final InMemoryArchive archive = new InMemoryArchive();
    final InMemoryArchive.Mirror mirror = archive.new Mirror();
    final InMemoryArchive.Register register = new InMemoryArchive.Register();

    static ArchiveProperties properties(int maxRecords, Duration idle) {
        return new ArchiveProperties(true, Path.of("archive"), Path.of("work"), "group", Duration.ofSeconds(45), 500,
                maxRecords, idle, Duration.ZERO, Duration.ofHours(1), DataSize.ofMegabytes(64),
                new ArchiveProperties.Query(100, Duration.ofSeconds(5), DataSize.ofMegabytes(64), 1),
                new ArchiveProperties.S3(false, null, "us-east-1", null, "archive", false, null, null),
                new ArchiveProperties.FaultInjection(null, 1));
    }

    ArchiveWriter writer(int maxRecords, Duration idle) {
        return new ArchiveWriter(archive, archive, List.of(mirror), archive, register, new ArchiveLock(),
                properties(maxRecords, idle), new SimpleMeterRegistry());
    }

    static ArchiveEntry entry(int partition, long offset, Instant updatedAt) {
        return entry(partition, offset, UUID.nameUUIDFromBytes(("d" + offset).getBytes()), updatedAt);
    }

    static ArchiveEntry entry(int partition, long offset, UUID deliveryId, Instant updatedAt) {
        IntegratedDelivery record = IntegratedDeliveries.created(deliveryId, updatedAt);
        return new ArchiveEntry(partition, offset, record);
    }

    static List<SourceRecord> records(int partition, long from, long to, Instant at) {
        List<SourceRecord> records = new ArrayList<>();
        for (long offset = from; offset < to; offset++) {
            records.add(entry(partition, offset, at));
        }
        return records;
    }

    static ArchiveFile file(long start, Instant hourOf) {
        return new ArchiveFile(SOURCE_TOPIC, 0, start, ArchiveHour.of(hourOf));
    }

    @Test
    void aFullBatchIsUploadedAndMovedIntoTheArchiveBeforeItsOffsetIsReturnedForCommit() {
        ArchiveWriter writer = writer(3, Duration.ofMinutes(1));

        List<FinishedBatch> finished = writer.take(records(0, 0, 7, T0), T0);

        assertThat(finished).containsExactly(
                new FinishedBatch(0, 3, RotationReason.RECORD_COUNT, List.of(file(0, T0))),
                new FinishedBatch(0, 6, RotationReason.RECORD_COUNT, List.of(file(3, T0))));
        assertThat(archive.archived()).containsOnlyKeys(file(0, T0), file(3, T0));
        assertThat(mirror.objects()).containsOnlyKeys(file(0, T0), file(3, T0));
        assertThat(archive.events).containsExactly(
                "upload " + file(0, T0).path(), "publish " + file(0, T0).path(),
                "upload " + file(3, T0).path(), "publish " + file(3, T0).path());
        assertThat(writer.openRows()).containsExactly(Map.entry(0, 1));
    }

    @Test
    void aRecordOfALaterHourFinishesTheOpenBatch() {
        ArchiveWriter writer = writer(100, Duration.ofMinutes(1));
        Instant tenFiftyNine = Instant.parse("2026-11-26T10:59:59Z");
        Instant eleven = Instant.parse("2026-11-26T11:00:00Z");

        List<FinishedBatch> finished = writer.take(List.of(entry(0, 0, tenFiftyNine), entry(0, 1, tenFiftyNine),
                entry(0, 2, eleven)), T0);

        assertThat(finished).containsExactly(
                new FinishedBatch(0, 2, RotationReason.RECORD_HOUR, List.of(file(0, tenFiftyNine))));
        assertThat(archive.collected.get(0)).extracting(ArchiveEntry::offset).containsExactly(2L);
    }

    @Test
    void aLateRecordOfAnEarlierHourGoesToItsHoursFileInTheSameBatch() {
        ArchiveWriter writer = writer(3, Duration.ofMinutes(1));
        Instant eleven = Instant.parse("2026-11-26T11:00:00Z");
        Instant tenFiftyEight = Instant.parse("2026-11-26T10:58:00Z");

        List<FinishedBatch> finished = writer.take(List.of(entry(0, 0, eleven), entry(0, 1, tenFiftyEight),
                entry(0, 2, eleven.plusSeconds(5))), T0);

        assertThat(finished).containsExactly(new FinishedBatch(0, 3, RotationReason.RECORD_COUNT,
                List.of(file(0, eleven), file(1, tenFiftyEight))));
        assertThat(archive.archived().get(file(0, eleven))).extracting(ArchiveEntry::offset).containsExactly(0L, 2L);
        assertThat(archive.archived().get(file(1, tenFiftyEight))).extracting(ArchiveEntry::offset)
                .containsExactly(1L);
    }

    @Test
    void aBatchIdleForTheTimeoutIsFinished() {
        ArchiveWriter writer = writer(100, Duration.ofSeconds(60));
        writer.take(records(0, 0, 2, T0), T0);

        assertThat(writer.rotateIdle(T0.plusSeconds(59))).isEmpty();
        assertThat(writer.rotateIdle(T0.plusSeconds(60)))
                .containsExactly(new FinishedBatch(0, 2, RotationReason.IDLE, List.of(file(0, T0))));
        assertThat(writer.openRows()).isEmpty();
    }

    @Test
    void aFailedUploadPutsNothingIntoTheArchiveAndReturnsNothingToCommit() {
        ArchiveWriter writer = writer(3, Duration.ofMinutes(1));
        mirror.failUploads = true;

        assertThatThrownBy(() -> writer.take(records(0, 0, 3, T0), T0)).hasMessage("mirror unavailable");
        assertThat(archive.archived()).isEmpty();

        // the consumer recovers: drops what it collected and re-reads from the committed offset
        mirror.failUploads = false;
        writer.recover(Map.of(0, OptionalLong.of(0)));
        assertThat(archive.collected).isEmpty();
        assertThat(writer.take(records(0, 0, 3, T0), T0)).extracting(FinishedBatch::nextOffset).containsExactly(3L);
        assertThat(archive.archivedOffsets()).containsExactly("0:0", "0:1", "0:2");
    }

    @Test
    void aFailedMoveAfterTheUploadLeavesAnUncommittedObjectThatRecoveryDeletes() {
        ArchiveWriter writer = writer(3, Duration.ofMinutes(1));
        archive.failNextPublish = new IllegalStateException("disk full");

        assertThatThrownBy(() -> writer.take(records(0, 0, 3, T0), T0)).hasMessage("disk full");
        assertThat(mirror.objects()).containsOnlyKeys(file(0, T0));

        writer.recover(Map.of(0, OptionalLong.of(0)));

        assertThat(mirror.objects()).isEmpty();
        assertThat(archive.disk.keySet()).as("no staging leftovers").noneMatch(p -> p.startsWith("staging"));
    }

    @Test
    void onAssignmentFilesAtOrAfterTheCommittedOffsetAreDeletedLocallyAndInTheMirror() {
        ArchiveWriter first = writer(50, Duration.ofMinutes(1));
        first.take(records(0, 0, 150, T0), T0);
        assertThat(archive.archived()).containsOnlyKeys(file(0, T0), file(50, T0), file(100, T0));

        // the first writer died after moving +50 and +100, before committing them
        ArchiveWriter second = writer(50, Duration.ofMinutes(1));
        Map<Integer, Long> seeks = second.assigned(Map.of(0, OptionalLong.of(50)));

        assertThat(seeks).isEmpty();
        assertThat(archive.archived()).containsOnlyKeys(file(0, T0));
        assertThat(mirror.objects()).containsOnlyKeys(file(0, T0));
        assertThat(archive.events).contains("delete " + file(50, T0).path(), "mirror delete " + file(100, T0).path());
    }

    @Test
    void aReplayAfterACrashBetweenMoveAndCommitLeavesEveryRecordOnce() {
        ArchiveWriter first = writer(4, Duration.ofMinutes(1));
        List<FinishedBatch> finished = first.take(records(0, 0, 8, T0), T0);
        long committed = finished.getFirst().nextOffset(); // the second batch was moved, not committed

        ArchiveWriter second = writer(4, Duration.ofMinutes(1));
        second.assigned(Map.of(0, OptionalLong.of(committed)));
        second.take(records(0, committed, 10, T0), T0);
        second.rotateIdle(T0.plus(Duration.ofMinutes(2)));

        assertThat(archive.archivedOffsets()).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void aReplayAfterAnIdleRotationCutsElsewhereAndStillLeavesEveryRecordOnce() {
        ArchiveWriter first = writer(100, Duration.ofSeconds(10));
        first.take(records(0, 0, 2, T0), T0);
        first.rotateIdle(T0.plusSeconds(10)); // +0 with offsets 0-1, moved; the JVM dies before the commit

        ArchiveWriter second = writer(100, Duration.ofSeconds(10));
        second.assigned(Map.of(0, OptionalLong.of(0)));
        assertThat(archive.archived()).as("the uncommitted idle file is gone").isEmpty();
        // meanwhile more records arrived: the replay reads 0-4 in one go, so the file boundary moves
        second.take(records(0, 0, 5, T0), T0.plusSeconds(20));
        second.rotateIdle(T0.plusSeconds(30));

        assertThat(archive.archived()).containsOnlyKeys(file(0, T0));
        assertThat(archive.archivedOffsets()).containsExactly("0:0", "0:1", "0:2", "0:3", "0:4");
    }

    @Test
    void withoutACommittedOffsetTheWriterResumesAfterTheHighestArchivedOffsetIncludingTheMirrors() {
        ArchiveWriter first = writer(50, Duration.ofMinutes(1));
        first.take(records(0, 0, 100, T0), T0);
        archive.delete(file(50, T0)); // only the mirror still has 50-99 (say, a new disk)

        ArchiveWriter second = writer(50, Duration.ofMinutes(1));
        Map<Integer, Long> seeks = second.assigned(Map.of(0, OptionalLong.empty()));

        assertThat(seeks).containsExactly(Map.entry(0, 100L));
        assertThat(mirror.objects()).as("nothing deleted").hasSize(2);
        assertThat(archive.disk.keySet()).as("downloads cleaned up").allMatch(p -> p.startsWith("archive")
                || p.startsWith("mirror"));
    }

    @Test
    void skippedRecordsAndErasedDeliveriesAreCommittedButNotArchived() {
        ArchiveWriter writer = writer(2, Duration.ofMinutes(1));
        UUID erased = UUID.randomUUID();
        register.record(erased, "operator", T0);

        List<FinishedBatch> finished = writer.take(List.of(entry(0, 0, erased, T0), new SkippedRecord(0, 1),
                entry(0, 2, T0), entry(0, 3, erased, T0), entry(0, 4, T0)), T0);

        assertThat(finished).containsExactly(new FinishedBatch(0, 5, RotationReason.RECORD_COUNT,
                List.of(file(2, T0))));
        assertThat(archive.archivedOffsets()).containsExactly("0:2", "0:4");
    }

    @Test
    void handingOverFinishesOpenBatchesAndLosingDropsThem() {
        ArchiveWriter writer = writer(100, Duration.ofMinutes(1));
        writer.take(records(0, 0, 3, T0), T0);
        writer.take(records(1, 0, 2, T0), T0);

        assertThat(writer.handOver(List.of(0))).containsExactly(new FinishedBatch(0, 3, RotationReason.HAND_OVER,
                List.of(file(0, T0))));
        writer.lost(List.of(1));

        assertThat(writer.openRows()).isEmpty();
        assertThat(archive.archivedOffsets()).containsExactly("0:0", "0:1", "0:2");
        assertThat(archive.collected).isEmpty();
    }
}
