package analytics.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import analytics.application.port.in.EraseFromArchiveUseCase.ErasureReport;
import analytics.domain.archive.ArchiveEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ArchiveErasureUnitTest {

    static final Instant T0 = ArchiveWriterUnitTest.T0;

    final InMemoryArchive archive = new InMemoryArchive();
    final InMemoryArchive.Mirror mirror = archive.new Mirror();
    final InMemoryArchive.Register register = new InMemoryArchive.Register();
    final ArchiveLock lock = new ArchiveLock();
    final ArchiveWriter writer = new ArchiveWriter(archive, archive, List.of(mirror), archive, register, lock,
            ArchiveWriterUnitTest.properties(3, Duration.ofMinutes(1)), new SimpleMeterRegistry());
    final ArchiveErasure erasure = new ArchiveErasure(register, archive, archive, archive, List.of(mirror), lock,
            Clock.fixed(T0, ZoneOffset.UTC));

    final UUID kim = UUID.randomUUID();
    final UUID other = UUID.randomUUID();

    @Test
    void everyFileHoldingTheDeliveryIsRewrittenWithoutItOrDeletedInBothCopiesAndItsOpenRowsDropped() {
        writer.take(List.of(ArchiveWriterUnitTest.entry(0, 0, kim, T0), ArchiveWriterUnitTest.entry(0, 1, other, T0),
                ArchiveWriterUnitTest.entry(0, 2, kim, T0), // first file: kim, other, kim
                ArchiveWriterUnitTest.entry(0, 3, kim, T0), ArchiveWriterUnitTest.entry(0, 4, kim, T0),
                ArchiveWriterUnitTest.entry(0, 5, kim, T0), // second file: kim only
                ArchiveWriterUnitTest.entry(0, 6, kim, T0)), T0); // open batch

        ErasureReport report = erasure.erase(kim, "operator");

        assertThat(report).isEqualTo(new ErasureReport(kim, 5, 1, 1, 1));
        assertThat(archive.archived()).hasSize(1);
        assertThat(archive.archived().values().iterator().next()).extracting(e -> e.delivery().deliveryId())
                .containsExactly(other);
        assertThat(mirror.objects()).isEqualTo(archive.archived());
        assertThat(archive.collected.get(0)).isEmpty();
        assertThat(register.erased).containsKey(kim);
    }

    @Test
    void recordsOfAnErasedDeliveryThatArriveLaterAreNotArchived() {
        erasure.erase(kim, "operator");

        writer.take(List.of(ArchiveWriterUnitTest.entry(0, 0, kim, T0), ArchiveWriterUnitTest.entry(0, 1, other, T0),
                ArchiveWriterUnitTest.entry(0, 2, other, T0), ArchiveWriterUnitTest.entry(0, 3, other, T0)), T0);

        assertThat(archive.archived().values()).flatExtracting(rows -> rows).extracting(ArchiveEntry::offset)
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void erasingAgainFindsNothing() {
        writer.take(List.of(ArchiveWriterUnitTest.entry(0, 0, kim, T0), ArchiveWriterUnitTest.entry(0, 1, other, T0),
                ArchiveWriterUnitTest.entry(0, 2, other, T0)), T0);
        erasure.erase(kim, "operator");

        assertThat(erasure.erase(kim, "operator")).isEqualTo(new ErasureReport(kim, 0, 0, 0, 0));
        assertThat(archive.archivedOffsets()).containsExactly("0:1", "0:2");
    }
}
