package analytics.adapter.out.parquet;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.util.unit.DataSize;

import analytics.application.ArchiveProperties;

final class ArchiveTestProperties {

    private ArchiveTestProperties() {
    }

    static ArchiveProperties in(Path root, int maxRows, Duration timeLimit) {
        return new ArchiveProperties(true, root.resolve("archive"), root.resolve("work"), "group",
                Duration.ofSeconds(45), 500, 1000, Duration.ofMinutes(1), Duration.ZERO, Duration.ofHours(1),
                DataSize.ofMegabytes(64),
                new ArchiveProperties.Query(maxRows, timeLimit, DataSize.ofMegabytes(128), 1),
                new ArchiveProperties.S3(false, null, "us-east-1", null, "archive", false, null, null),
                new ArchiveProperties.FaultInjection(null, 1));
    }
}
