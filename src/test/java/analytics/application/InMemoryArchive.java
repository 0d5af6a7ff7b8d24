package analytics.application;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import analytics.application.port.out.CollectArchiveRowsPort;
import analytics.application.port.out.ErasureRegisterPort;
import analytics.application.port.out.LocalArchivePort;
import analytics.application.port.out.MirrorArchivePort;
import analytics.application.port.out.ReadArchivedRowsPort;
import analytics.domain.archive.ArchiveEntry;
import analytics.domain.archive.ArchiveFile;
import analytics.domain.archive.ArchiveHour;

/**
 * The writer's outbound ports in memory, over one fake disk ({@code path -> rows}): collected rows, staging,
 * the archive directory and downloads are paths on it, so that a move, a stale file or a leftover is visible.
 * {@link #events} records the order of uploads, moves and deletions.
 */
final class InMemoryArchive implements CollectArchiveRowsPort, LocalArchivePort, ReadArchivedRowsPort {

    final Map<Path, List<ArchiveEntry>> disk = new TreeMap<>();
    final Map<Integer, List<ArchiveEntry>> collected = new TreeMap<>();
    final List<String> events = new ArrayList<>();
    @Nullable RuntimeException failNextPublish;

    // --- CollectArchiveRowsPort

    @Override
    public void add(ArchiveEntry entry) {
        collected.computeIfAbsent(entry.partition(), p -> new ArrayList<>()).add(entry);
    }

    @Override
    public List<StagedFile> stage(String topic, int partition) {
        Map<ArchiveHour, List<ArchiveEntry>> byHour = collected.getOrDefault(partition, List.of()).stream()
                .collect(Collectors.groupingBy(ArchiveEntry::hour, TreeMap::new, Collectors.toList()));
        List<StagedFile> staged = new ArrayList<>();
        byHour.forEach((hour, rows) -> {
            List<ArchiveEntry> sorted = rows.stream().sorted(Comparator.comparingLong(ArchiveEntry::offset)).toList();
            ArchiveFile file = new ArchiveFile(topic, partition, sorted.getFirst().offset(), hour);
            Path path = Path.of("staging", file.name() + ".tmp");
            disk.put(path, sorted);
            staged.add(new StagedFile(file, path, sorted.size()));
        });
        staged.sort(Comparator.comparingLong(s -> s.file().startOffset()));
        return staged;
    }

    @Override
    public void discard(int partition) {
        collected.remove(partition);
        disk.keySet().removeIf(path -> path.startsWith("staging") && path.getFileName().toString()
                .contains("+" + partition + "+"));
    }

    @Override
    public long removeDelivery(UUID deliveryId) {
        long removed = 0;
        for (List<ArchiveEntry> rows : collected.values()) {
            int before = rows.size();
            rows.removeIf(entry -> entry.delivery().deliveryId().equals(deliveryId));
            removed += before - rows.size();
        }
        return removed;
    }

    // --- LocalArchivePort

    @Override
    public void publish(ArchiveFile file, Path staged) {
        if (failNextPublish != null) {
            RuntimeException failure = failNextPublish;
            failNextPublish = null;
            throw failure;
        }
        List<ArchiveEntry> rows = disk.remove(staged);
        if (rows == null) {
            throw new IllegalStateException("nothing staged at " + staged);
        }
        disk.put(pathOf(file), rows);
        events.add("publish " + file.path());
    }

    @Override
    public List<ArchiveFile> files(String topic, int partition) {
        return archived().keySet().stream().filter(file -> file.isOf(topic, partition))
                .sorted(Comparator.comparingLong(ArchiveFile::startOffset)).toList();
    }

    @Override
    public boolean exists(ArchiveFile file) {
        return disk.containsKey(pathOf(file));
    }

    @Override
    public Path pathOf(ArchiveFile file) {
        return Path.of("archive", file.path());
    }

    @Override
    public void delete(ArchiveFile file) {
        if (disk.remove(pathOf(file)) != null) {
            events.add("delete " + file.path());
        }
    }

    @Override
    public List<LocalDate> dates() {
        return new ArrayList<>(new TreeSet<>(archived().keySet().stream().map(f -> f.hour().date()).toList()));
    }

    @Override
    public void deleteDate(LocalDate date) {
        archived().keySet().stream().filter(f -> f.hour().date().equals(date)).forEach(this::delete);
    }

    // --- ReadArchivedRowsPort

    @Override
    public List<ArchiveFile> filesContaining(UUID deliveryId) {
        return archived().entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(row -> row.delivery().deliveryId().equals(deliveryId)))
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public Rewrite stageWithout(ArchiveFile file, Path source, UUID deliveryId) {
        List<ArchiveEntry> rows = disk.getOrDefault(source, List.of());
        List<ArchiveEntry> kept = rows.stream().filter(r -> !r.delivery().deliveryId().equals(deliveryId)).toList();
        long removed = rows.size() - kept.size();
        if (removed == 0 || kept.isEmpty()) {
            return new Rewrite(null, kept.size(), removed);
        }
        Path path = Path.of("staging", file.name() + ".erasure.tmp");
        disk.put(path, kept);
        return new Rewrite(new StagedFile(file, path, kept.size()), kept.size(), removed);
    }

    @Override
    public OptionalLong highestOffset(List<Path> files) {
        return files.stream().flatMap(path -> disk.getOrDefault(path, List.of()).stream())
                .mapToLong(ArchiveEntry::offset).max();
    }

    // --- for assertions

    /** The archive directory: file -> rows. */
    Map<ArchiveFile, List<ArchiveEntry>> archived() {
        Map<ArchiveFile, List<ArchiveEntry>> archived = new LinkedHashMap<>();
        disk.forEach((path, rows) -> {
            if (path.startsWith("archive")) {
                ArchiveFile.parse(Path.of("archive").relativize(path).toString())
                        .ifPresent(file -> archived.put(file, rows));
            }
        });
        return archived;
    }

    /** Every archived row's (partition, offset), as a query would count them. */
    List<String> archivedOffsets() {
        return archived().values().stream().flatMap(List::stream).map(e -> e.partition() + ":" + e.offset())
                .sorted().toList();
    }

    /** A mirror on the same fake disk, under {@code mirror/}. */
    final class Mirror implements MirrorArchivePort {

        boolean failUploads;

        @Override
        public void upload(ArchiveFile file, Path localFile) {
            if (failUploads) {
                throw new IllegalStateException("mirror unavailable");
            }
            List<ArchiveEntry> rows = disk.get(localFile);
            if (rows == null) {
                throw new IllegalStateException("no file at " + localFile);
            }
            disk.put(key(file), List.copyOf(rows));
            events.add("upload " + file.path());
        }

        Path key(ArchiveFile file) {
            return Path.of("mirror", file.path());
        }

        Map<ArchiveFile, List<ArchiveEntry>> objects() {
            Map<ArchiveFile, List<ArchiveEntry>> objects = new LinkedHashMap<>();
            disk.forEach((path, rows) -> {
                if (path.startsWith("mirror")) {
                    ArchiveFile.parse(Path.of("mirror").relativize(path).toString())
                            .ifPresent(file -> objects.put(file, rows));
                }
            });
            return objects;
        }

        @Override
        public List<ArchiveFile> files(String topic, int partition) {
            return objects().keySet().stream().filter(f -> f.isOf(topic, partition)).toList();
        }

        @Override
        public void delete(ArchiveFile file) {
            if (disk.remove(key(file)) != null) {
                events.add("mirror delete " + file.path());
            }
        }

        @Override
        public List<LocalDate> dates() {
            return new ArrayList<>(new TreeSet<>(objects().keySet().stream().map(f -> f.hour().date()).toList()));
        }

        @Override
        public void deleteDate(LocalDate date) {
            objects().keySet().stream().filter(f -> f.hour().date().equals(date)).forEach(this::delete);
        }

        @Override
        public <T> T readDownloaded(List<ArchiveFile> files, java.util.function.Function<List<Path>, T> read) {
            List<Path> downloaded = files.stream().map(file -> Path.of("download", file.name())).toList();
            for (int i = 0; i < files.size(); i++) {
                disk.put(downloaded.get(i), List.copyOf(disk.get(key(files.get(i)))));
            }
            try {
                return read.apply(downloaded);
            } finally {
                downloaded.forEach(disk::remove);
            }
        }

        @Override
        public String describe() {
            return "memory";
        }
    }

    /** The erasure register in memory. */
    static final class Register implements ErasureRegisterPort {

        final Map<UUID, String> erased = new LinkedHashMap<>();

        @Override
        public void record(UUID deliveryId, String requestedBy, java.time.Instant at) {
            erased.putIfAbsent(deliveryId, requestedBy);
        }

        @Override
        public boolean isErased(UUID deliveryId) {
            return erased.containsKey(deliveryId);
        }
    }
}
