package analytics.adapter.out.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import analytics.application.ArchiveProperties;
import analytics.application.port.out.LocalArchivePort;
import analytics.domain.archive.ArchiveFile;
import analytics.domain.archive.ArchiveHour;

/**
 * The archive directory. A file gets in by an atomic rename from the staging directory (same file system), after
 * the staged file and before and after that the directories involved are forced to disk: once {@link #publish}
 * returns, a power cut leaves either the complete new file or the old one, never a part, and the rename itself is
 * durable, so the offsets it covers can be committed.
 */
@Component
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class LocalArchiveFiles implements LocalArchivePort {

    private final Path root;

    LocalArchiveFiles(ArchiveProperties properties) throws IOException {
        this.root = Files.createDirectories(properties.directory()).toAbsolutePath().normalize();
    }

    @Override
    public void publish(ArchiveFile file, Path staged) {
        Path target = pathOf(file);
        try {
            force(staged);
            Path directory = parent(target);
            createDirectoriesDurably(directory);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not put " + file.path() + " into the archive", e);
        }
    }

    private void createDirectoriesDurably(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        createDirectoriesDurably(parent(directory));
        try {
            Files.createDirectory(directory);
        } catch (java.nio.file.FileAlreadyExistsException concurrently) {
            return;
        }
        // the new directory's entry lives in its parent
        force(parent(directory));
    }

    /** Archive paths are absolute and below the archive root, so they always have a parent. */
    private static Path parent(Path path) {
        Path parent = path.getParent();
        if (parent == null) {
            throw new IllegalStateException(path + " has no parent directory");
        }
        return parent;
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public List<ArchiveFile> files(String topic, int partition) {
        List<ArchiveFile> files = new ArrayList<>();
        for (Path dateDirectory : children(root, "dt=*")) {
            for (Path hourDirectory : children(dateDirectory, "hr=*")) {
                for (Path path : children(hourDirectory, "*" + ArchiveFile.EXTENSION)) {
                    ArchiveFile.parse(root.relativize(path).toString())
                            .filter(file -> file.isOf(topic, partition))
                            .ifPresent(files::add);
                }
            }
        }
        files.sort(Comparator.comparingLong(ArchiveFile::startOffset));
        return files;
    }

    private static List<Path> children(Path directory, String glob) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, glob)) {
            stream.forEach(children::add);
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return children;
    }

    @Override
    public boolean exists(ArchiveFile file) {
        return Files.isRegularFile(pathOf(file));
    }

    @Override
    public Path pathOf(ArchiveFile file) {
        return root.resolve(file.path());
    }

    @Override
    public void delete(ArchiveFile file) {
        Path path = pathOf(file);
        try {
            Path hour = parent(path);
            if (Files.deleteIfExists(path)) {
                force(hour);
            }
            deleteIfEmpty(hour);
            deleteIfEmpty(parent(hour));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + file.path(), e);
        }
    }

    private static void deleteIfEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                return;
            }
        } catch (NoSuchFileException gone) {
            return;
        }
        try {
            Files.deleteIfExists(directory);
        } catch (java.nio.file.DirectoryNotEmptyException filledMeanwhile) {
            // the writer put a file there; keep it
        }
    }

    @Override
    public List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>();
        for (Path directory : children(root, "dt=*")) {
            try {
                dates.add(LocalDate.parse(directory.getFileName().toString().substring("dt=".length())));
            } catch (DateTimeParseException notOurs) {
                // not a partition this writer made
            }
        }
        dates.sort(Comparator.naturalOrder());
        return dates;
    }

    @Override
    public void deleteDate(LocalDate date) {
        Path directory = root.resolve(ArchiveHour.datePrefix(date));
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            force(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + directory, e);
        }
    }
}
