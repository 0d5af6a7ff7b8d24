package analytics.adapter.out.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import analytics.application.ArchiveProperties;
import analytics.application.port.out.ErasureRegisterPort;

/**
 * The erasure register: one line per erased delivery ({@code <id> TAB <when> TAB <who>}) in
 * {@code <work-directory>/erased-deliveries.tsv}, appended and forced to disk before the erasure goes on, read into
 * memory at start. It holds ids only, no personal data, and lies outside the archive, so queries cannot read it.
 */
@Component
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class FileErasureRegister implements ErasureRegisterPort {

    static final String FILE_NAME = "erased-deliveries.tsv";

    private final Path file;
    private final Set<UUID> erased = ConcurrentHashMap.newKeySet();

    FileErasureRegister(ArchiveProperties properties) throws IOException {
        this.file = Files.createDirectories(properties.workDirectory()).resolve(FILE_NAME);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String id = line.split("\t", 2)[0].strip();
                if (!id.isEmpty()) {
                    erased.add(UUID.fromString(id));
                }
            }
        }
    }

    @Override
    public synchronized void record(UUID deliveryId, String requestedBy, Instant at) {
        if (erased.contains(deliveryId)) {
            return;
        }
        String line = deliveryId + "\t" + at + "\t" + requestedBy.replaceAll("\\s", "_") + "\n";
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record the erasure of delivery " + deliveryId, e);
        }
        erased.add(deliveryId);
    }

    @Override
    public boolean isErased(UUID deliveryId) {
        return erased.contains(deliveryId);
    }
}
