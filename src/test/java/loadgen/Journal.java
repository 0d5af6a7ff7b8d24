package loadgen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Every change the service acknowledged (a 2xx answer carrying the delivery's id and version), one line each:
 * {@code <delivery id>,<version>,<step>,<epoch millis>}. An acknowledged version must show up as the event with
 * that sequence number on the topic; the checker holds the service to exactly that. Lines are flushed every
 * second and at the end, so a journal survives the service's crash (it is written by the generator's process).
 */
final class Journal implements AutoCloseable {

    private final BufferedWriter out;
    private long lastFlush = System.nanoTime();

    Journal(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void acknowledged(String deliveryId, long version, String step) {
        try {
            out.write(deliveryId + "," + version + "," + step + "," + System.currentTimeMillis() + "\n");
            if (System.nanoTime() - lastFlush > 1_000_000_000L) {
                out.flush();
                lastFlush = System.nanoTime();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The acknowledged versions per delivery, read back from one or more journals. */
    static Map<UUID, TreeSet<Long>> read(List<Path> files) {
        Map<UUID, TreeSet<Long>> acknowledged = new HashMap<>();
        forEachLine(files, fields -> acknowledged.computeIfAbsent(UUID.fromString(fields[0]), id -> new TreeSet<>())
                .add(Long.parseLong(fields[1])));
        return acknowledged;
    }

    /** When the first change in the journals was acknowledged (the run's start, as far as the database goes). */
    static Instant firstAcknowledgement(List<Path> files) {
        long[] first = { Long.MAX_VALUE };
        forEachLine(files, fields -> first[0] = Math.min(first[0], Long.parseLong(fields[3])));
        return first[0] == Long.MAX_VALUE ? Instant.now() : Instant.ofEpochMilli(first[0]);
    }

    private static void forEachLine(List<Path> files, Consumer<String[]> action) {
        for (Path file : files) {
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                lines.forEach(line -> {
                    String[] fields = line.split(",");
                    // a line cut short by a crash of the generator itself has no complete timestamp: skip it
                    if (fields.length == 4 && fields[3].length() >= 13) {
                        action.accept(fields);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
