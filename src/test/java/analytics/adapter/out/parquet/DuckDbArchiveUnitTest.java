package analytics.adapter.out.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import analytics.IntegratedDeliveries;
import analytics.application.ArchiveProperties;
import analytics.domain.archive.ArchiveQueryResult;
import analytics.application.port.out.CollectArchiveRowsPort.StagedFile;
import analytics.application.port.out.ReadArchivedRowsPort.Rewrite;
import analytics.domain.IntegratedDelivery;
import analytics.domain.archive.ArchiveEntry;
import analytics.domain.archive.ArchiveFile;
import analytics.domain.archive.ArchiveHour;

/** The writer's DuckDB and the archive directory on a real disk: files, columns, values, rewrites. */
class DuckDbArchiveUnitTest {

    static final String TOPIC = "delivery.integrated";

    @TempDir
    Path root;

    DuckDbArchive duckDb;
    LocalArchiveFiles files;
    DuckDbArchiveQueries queries;

    void open() throws Exception {
        ArchiveProperties properties = ArchiveTestProperties.in(root, 1000, Duration.ofSeconds(10));
        duckDb = new DuckDbArchive(properties);
        files = new LocalArchiveFiles(properties);
        queries = new DuckDbArchiveQueries(properties);
    }

    @AfterEach
    void close() throws Exception {
        if (duckDb != null) {
            duckDb.close();
            queries.close();
        }
    }

    List<IntegratedDelivery> life(UUID id, Instant start) {
        return IntegratedDeliveries.life(id, start, false, new Random(id.getMostSignificantBits()));
    }

    @Test
    void collectedRowsBecomeOneFilePerRecordTimeHourNamedAfterItsFirstOffset() throws Exception {
        open();
        UUID id = UUID.randomUUID();
        List<IntegratedDelivery> records = life(id, Instant.parse("2026-11-26T10:50:00.123456Z"));
        for (int i = 0; i < records.size(); i++) {
            duckDb.add(new ArchiveEntry(3, 100 + i, records.get(i)));
        }

        List<StagedFile> staged = duckDb.stage(TOPIC, 3);

        assertThat(staged).extracting(StagedFile::file).extracting(ArchiveFile::hour, ArchiveFile::startOffset)
                .containsExactlyElementsOf(records.stream().map(r -> ArchiveHour.of(r.updatedAt())).distinct()
                        .map(hour -> org.assertj.core.groups.Tuple.tuple(hour, 100L + indexOfFirst(records, hour)))
                        .toList());
        assertThat(staged.stream().mapToLong(StagedFile::rows).sum()).isEqualTo(records.size());
        assertThat(staged).allSatisfy(file -> assertThat(file.path()).exists());
    }

    static int indexOfFirst(List<IntegratedDelivery> records, ArchiveHour hour) {
        for (int i = 0; i < records.size(); i++) {
            if (ArchiveHour.of(records.get(i).updatedAt()).equals(hour)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void everyFieldReadsBackExactlyThroughTheView() throws Exception {
        open();
        UUID id = UUID.randomUUID();
        IntegratedDelivery delivered = life(id, Instant.parse("2026-11-26T10:00:00.123456Z")).getLast();
        duckDb.add(new ArchiveEntry(5, 42, delivered));
        for (StagedFile file : duckDb.stage(TOPIC, 5)) {
            files.publish(file.file(), file.path());
        }
        duckDb.discard(5);

        ArchiveQueryResult result = queries.run("SELECT delivery_id, pickup_address, pickup_latitude, "
                + "dropoff_longitude, status, outcome, rider_id, updated_at, created_at, pickup_wait_millis, "
                + "total_millis, last_sequence, last_event_type, source_partition, source_offset, dt, hr, "
                + "typeof(updated_at) FROM deliveries", List.of(), 10, Duration.ofSeconds(10));

        assertThat(result.rows()).hasSize(1);
        List<Object> row = result.rows().getFirst();
        assertThat(row).containsExactly(id.toString(), delivered.pickup().address(), delivered.pickup().latitude(),
                delivered.dropoff().longitude(), "DELIVERED", "DELIVERED", delivered.riderId(),
                delivered.updatedAt().toString(), delivered.createdAt().toString(),
                delivered.pickupWaitMillis(), delivered.totalMillis(), delivered.lastSequence(),
                "DeliveryDelivered", 5, 42L, ArchiveHour.of(delivered.updatedAt()).date().toString(),
                ArchiveHour.of(delivered.updatedAt()).hour(), "TIMESTAMP WITH TIME ZONE");
    }

    @Test
    void aRewriteWithoutADeliveryKeepsEveryOtherRowAndTheSchema() throws Exception {
        open();
        UUID kim = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-26T10:00:00Z");
        duckDb.add(new ArchiveEntry(0, 0, IntegratedDeliveries.created(kim, at)));
        duckDb.add(new ArchiveEntry(0, 1, IntegratedDeliveries.created(other, at)));
        duckDb.add(new ArchiveEntry(0, 2, IntegratedDeliveries.created(kim, at)));
        StagedFile staged = duckDb.stage(TOPIC, 0).getFirst();
        files.publish(staged.file(), staged.path());
        duckDb.discard(0);

        assertThat(duckDb.filesContaining(kim)).containsExactly(staged.file());
        Rewrite rewrite = duckDb.stageWithout(staged.file(), files.pathOf(staged.file()), kim);

        assertThat(rewrite.kept()).isEqualTo(1);
        assertThat(rewrite.removed()).isEqualTo(2);
        files.publish(staged.file(), rewrite.staged().path());
        assertThat(duckDb.filesContaining(kim)).isEmpty();
        assertThat(queries.run("SELECT delivery_id, source_offset FROM deliveries", List.of(), 10,
                Duration.ofSeconds(10)).rows()).containsExactly(List.of(other.toString(), 1L));
        assertThat(queries.run("DESCRIBE deliveries", List.of(), 100, Duration.ofSeconds(10)).rows())
                .as("same columns as a fresh file").hasSize(ArchiveColumns.ALL.size() + 2);
    }

    @Test
    void openRowsOfADeliveryCanBeDroppedAndTheHighestOffsetIsRead() throws Exception {
        open();
        UUID kim = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-26T10:00:00Z");
        duckDb.add(new ArchiveEntry(0, 7, IntegratedDeliveries.created(kim, at)));
        duckDb.add(new ArchiveEntry(1, 9, IntegratedDeliveries.created(kim, at)));
        duckDb.add(new ArchiveEntry(1, 10, IntegratedDeliveries.created(UUID.randomUUID(), at)));

        assertThat(duckDb.removeDelivery(kim)).isEqualTo(2);
        assertThat(duckDb.collectedRows()).containsEntry(0, 0L).containsEntry(1, 1L);

        StagedFile staged = duckDb.stage(TOPIC, 1).getFirst();
        assertThat(duckDb.highestOffset(List.of(staged.path()))).hasValue(10);
        assertThat(duckDb.highestOffset(List.of())).isEmpty();
        duckDb.discard(1);
        assertThat(staged.path()).doesNotExist();
    }

    @Test
    void aPublishedFileIsInPlaceAndTheStagingFileGone() throws Exception {
        open();
        duckDb.add(new ArchiveEntry(0, 0, IntegratedDeliveries.created(UUID.randomUUID(),
                Instant.parse("2026-11-26T10:00:00Z"))));
        StagedFile staged = duckDb.stage(TOPIC, 0).getFirst();

        files.publish(staged.file(), staged.path());

        assertThat(staged.path()).doesNotExist();
        assertThat(root.resolve("archive").resolve(staged.file().path())).isRegularFile();
        assertThat(files.files(TOPIC, 0)).containsExactly(staged.file());
        assertThat(files.files(TOPIC, 1)).isEmpty();
        assertThat(files.dates()).containsExactly(java.time.LocalDate.parse("2026-11-26"));

        files.deleteDate(java.time.LocalDate.parse("2026-11-26"));
        assertThat(files.files(TOPIC, 0)).isEmpty();
        assertThat(Files.exists(root.resolve("archive/dt=2026-11-26"))).isFalse();
    }
}
