package analytics.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Service;

import analytics.application.port.in.ArchiveIntegratedDeliveriesUseCase;
import analytics.application.port.out.CollectArchiveRowsPort;
import analytics.application.port.out.CollectArchiveRowsPort.StagedFile;
import analytics.application.port.out.ErasureRegisterPort;
import analytics.application.port.out.LocalArchivePort;
import analytics.application.port.out.MirrorArchivePort;
import analytics.application.port.out.ReadArchivedRowsPort;
import analytics.domain.archive.ArchiveEntry;
import analytics.domain.archive.ArchiveFile;
import analytics.domain.archive.ArchiveHour;
import analytics.domain.archive.OpenBatch;
import analytics.domain.archive.ResumePlan;
import analytics.domain.archive.RotationPolicy;
import analytics.domain.archive.RotationReason;
import analytics.domain.archive.SourceRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Collects integrated delivery records into open batches per source partition and puts finished batches into the
 * archive: staged, forced to disk and moved into place (after the mirror upload, if there is a mirror) before the
 * batch is returned to the consumer, which commits its offsets only then.
 */
@Service
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class ArchiveWriter implements ArchiveIntegratedDeliveriesUseCase {

    private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);
    /** files of the mirror read to find a partition's highest archived offset when it has no committed offset */
    static final int RECOVERY_FILES = 48;

    private final CollectArchiveRowsPort rows;
    private final LocalArchivePort local;
    private final List<MirrorArchivePort> mirrors;
    private final ReadArchivedRowsPort archived;
    private final ErasureRegisterPort erasures;
    private final ArchiveLock lock;
    private final RotationPolicy policy;
    private final Map<Integer, OpenBatch> open = new HashMap<>();

    private final Counter archivedRecords;
    private final Counter skippedRecords;
    private final Counter erasedRecords;
    private final Map<RotationReason, Counter> batches = new EnumMap<>(RotationReason.class);
    private final Timer publishing;

    ArchiveWriter(CollectArchiveRowsPort rows, LocalArchivePort local, List<MirrorArchivePort> mirrors,
            ReadArchivedRowsPort archived, ErasureRegisterPort erasures, ArchiveLock lock,
            ArchiveProperties properties, MeterRegistry meters) {
        this.rows = rows;
        this.local = local;
        this.mirrors = List.copyOf(mirrors);
        this.archived = archived;
        this.erasures = erasures;
        this.lock = lock;
        this.policy = new RotationPolicy(properties.maxRecordsPerFile(), properties.idleRotation());
        this.archivedRecords = records(meters, "archived");
        this.skippedRecords = records(meters, "skipped");
        this.erasedRecords = records(meters, "erased");
        for (RotationReason reason : RotationReason.values()) {
            batches.put(reason, Counter.builder("analytics.archive.batches")
                    .description("Batches put into the archive (their offsets then committed), by why they were "
                            + "finished")
                    .tag("reason", reason.name().toLowerCase())
                    .register(meters));
        }
        this.publishing = Timer.builder("analytics.archive.publish")
                .description("Writing, forcing to disk, moving (and uploading) one finished batch's files")
                .register(meters);
    }

    private static Counter records(MeterRegistry meters, String outcome) {
        return Counter.builder("analytics.archive.records")
                .description("Integrated delivery records taken in by the archive writer: archived as a row, skipped "
                        + "(unreadable, dead-lettered) or dropped because the delivery was erased")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public Map<Integer, Long> assigned(Map<Integer, OptionalLong> committedOffsets) {
        return lock.call(() -> prepare(committedOffsets));
    }

    @Override
    public Map<Integer, Long> recover(Map<Integer, OptionalLong> committedOffsets) {
        return lock.call(() -> prepare(committedOffsets));
    }

    private Map<Integer, Long> prepare(Map<Integer, OptionalLong> committedOffsets) {
        Map<Integer, Long> seeks = new TreeMap<>();
        for (Map.Entry<Integer, OptionalLong> entry : new TreeMap<>(committedOffsets).entrySet()) {
            int partition = entry.getKey();
            open.remove(partition);
            rows.discard(partition);
            List<ArchiveFile> localFiles = local.files(SOURCE_TOPIC, partition);
            if (entry.getValue().isPresent()) {
                long committed = entry.getValue().getAsLong();
                List<ArchiveFile> stale = ResumePlan.committedAt(committed, localFiles).delete();
                stale.forEach(local::delete);
                int staleInMirrors = 0;
                for (MirrorArchivePort mirror : mirrors) {
                    List<ArchiveFile> staleInMirror =
                            ResumePlan.committedAt(committed, mirror.files(SOURCE_TOPIC, partition)).delete();
                    staleInMirror.forEach(mirror::delete);
                    staleInMirrors += staleInMirror.size();
                }
                if (!stale.isEmpty() || staleInMirrors > 0) {
                    log.info("Deleted {} local and {} mirrored file(s) of {}-{} that start at or after its committed "
                            + "offset {}: they were written but not committed, and are written again from there",
                            stale.size(), staleInMirrors, SOURCE_TOPIC, partition, committed);
                }
            } else {
                ResumePlan plan = ResumePlan.withoutCommit(highestArchivedOffset(partition, localFiles));
                if (plan.seekTo().isPresent()) {
                    long resumeAt = plan.seekTo().getAsLong();
                    seeks.put(partition, resumeAt);
                    log.warn("{}-{} has no committed offset in the archive writer's group, but the archive holds its "
                            + "records up to offset {}: resuming at {}. Were the group's offsets lost? "
                            + "(offsets.retention.minutes)", SOURCE_TOPIC, partition, resumeAt - 1, resumeAt);
                }
            }
        }
        return seeks;
    }

    private OptionalLong highestArchivedOffset(int partition, List<ArchiveFile> localFiles) {
        OptionalLong highest = archived.highestOffset(localFiles.stream().map(local::pathOf).toList());
        Set<String> localNames = localFiles.stream().map(ArchiveFile::path).collect(Collectors.toSet());
        for (MirrorArchivePort mirror : mirrors) {
            List<ArchiveFile> onlyInMirror = mirror.files(SOURCE_TOPIC, partition).stream()
                    .filter(file -> !localNames.contains(file.path()))
                    .sorted(Comparator.comparingLong(ArchiveFile::startOffset).reversed())
                    .limit(RECOVERY_FILES)
                    .toList();
            highest = max(highest, mirror.readDownloaded(onlyInMirror, archived::highestOffset));
        }
        return highest;
    }

    private static OptionalLong max(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalLong.of(Math.max(a.getAsLong(), b.getAsLong()));
    }

    @Override
    public List<FinishedBatch> take(List<? extends SourceRecord> records, Instant now) {
        return lock.call(() -> {
            List<FinishedBatch> finished = new ArrayList<>();
            for (SourceRecord record : records) {
                int partition = record.partition();
                OpenBatch batch = open.get(partition);
                if (record instanceof ArchiveEntry entry && !erasures.isErased(entry.delivery().deliveryId())) {
                    ArchiveHour hour = entry.hour();
                    RotationReason later = batch == null ? null : policy.beforeAdding(batch, hour);
                    if (batch != null && later != null) {
                        finished.add(finish(batch, later));
                        batch = null;
                    }
                    if (batch == null) {
                        batch = start(partition, record.offset(), now);
                    }
                    rows.add(entry);
                    batch.add(record.offset(), hour, now);
                    archivedRecords.increment();
                    RotationReason full = policy.afterAdding(batch);
                    if (full != null) {
                        finished.add(finish(batch, full));
                    }
                } else {
                    (record instanceof ArchiveEntry ? erasedRecords : skippedRecords).increment();
                    if (batch == null) {
                        batch = start(partition, record.offset(), now);
                    }
                    batch.skip(record.offset(), now);
                }
            }
            return finished;
        });
    }

    private OpenBatch start(int partition, long offset, Instant now) {
        OpenBatch batch = OpenBatch.startingAt(partition, offset, now);
        open.put(partition, batch);
        return batch;
    }

    @Override
    public List<FinishedBatch> rotateIdle(Instant now) {
        return lock.call(() -> {
            List<FinishedBatch> finished = new ArrayList<>();
            for (OpenBatch batch : List.copyOf(open.values())) {
                if (policy.isIdle(batch, now)) {
                    finished.add(finish(batch, RotationReason.IDLE));
                }
            }
            return finished;
        });
    }

    @Override
    public List<FinishedBatch> handOver(Collection<Integer> partitions) {
        return lock.call(() -> {
            List<FinishedBatch> finished = new ArrayList<>();
            for (int partition : partitions) {
                OpenBatch batch = open.get(partition);
                if (batch != null) {
                    finished.add(finish(batch, RotationReason.HAND_OVER));
                }
                rows.discard(partition);
            }
            return finished;
        });
    }

    @Override
    public void lost(Collection<Integer> partitions) {
        lock.run(() -> {
            for (int partition : partitions) {
                open.remove(partition);
                rows.discard(partition);
            }
        });
    }

    /** Staged, uploaded to every mirror, moved into the archive; only then is the batch returned for commit. */
    private FinishedBatch finish(OpenBatch batch, RotationReason reason) {
        int partition = batch.partition();
        List<ArchiveFile> files = publishing.record(() -> {
            List<StagedFile> staged = rows.stage(SOURCE_TOPIC, partition);
            for (StagedFile file : staged) {
                for (MirrorArchivePort mirror : mirrors) {
                    mirror.upload(file.file(), file.path());
                }
            }
            for (StagedFile file : staged) {
                local.publish(file.file(), file.path());
            }
            return staged.stream().map(StagedFile::file).toList();
        });
        rows.discard(partition);
        open.remove(partition);
        java.util.Objects.requireNonNull(batches.get(reason), "a counter per rotation reason").increment();
        log.debug("Archived offsets {}..{} of {}-{} in {} file(s) ({})", batch.startOffset(), batch.nextOffset() - 1,
                SOURCE_TOPIC, partition, files.size(), reason);
        return new FinishedBatch(partition, batch.nextOffset(), reason, files == null ? List.of() : files);
    }

    @Override
    public Set<Integer> partitionsWithOpenBatches() {
        return lock.call(() -> Set.copyOf(open.keySet()));
    }

    /** For tests and health: the partitions with an open batch and their rows so far. */
    Map<Integer, Integer> openRows() {
        return lock.call(() -> open.values().stream()
                .collect(Collectors.toMap(OpenBatch::partition, OpenBatch::rows, (a, b) -> a, TreeMap::new)));
    }
}
