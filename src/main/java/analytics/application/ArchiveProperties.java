package analytics.application;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import analytics.domain.archive.RotationReason;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * {@code relay.analytics.archive.*}: the archive of integrated delivery records (see the README's "The archive").
 *
 * @param enabled           run the archive writer, its query endpoint, erasures and retention in this instance
 * @param directory         the archive: {@code dt=YYYY-MM-DD/hr=HH/<topic>+<partition>+<offset>.parquet}
 * @param workDirectory     staging files, the erasure register and DuckDB's spill files; on the same file system
 *                          as {@code directory}, so that a move into the archive is atomic
 * @param consumerGroup     the writer's consumer group: its committed offsets say what is in the archive
 * @param sessionTimeout    a writer that stops heartbeating (a crash) loses its partitions after this long
 * @param maxPollRecords    records taken in per poll at most (Kafka's {@code max.poll.records})
 * @param maxRecordsPerFile a batch is finished when it holds this many records
 * @param idleRotation      ... or when nothing arrived for its partition for this long
 * @param retention         days of the archive kept, by partition date; {@code 0} keeps everything
 * @param retentionInterval how often retention runs
 * @param writerMemoryLimit DuckDB's memory for collecting and writing (outside the Java heap)
 */
@ConfigurationProperties("relay.analytics.archive")
@Validated
public record ArchiveProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("./data/archive") @NotNull Path directory,
        @DefaultValue("./data/archive-work") @NotNull Path workDirectory,
        @DefaultValue("delivery-relay.archive") @NotBlank String consumerGroup,
        @DefaultValue("45s") @NotNull Duration sessionTimeout,
        @DefaultValue("500") @Min(1) @Max(100_000) int maxPollRecords,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxRecordsPerFile,
        @DefaultValue("1m") @NotNull Duration idleRotation,
        @DefaultValue("0d") @NotNull Duration retention,
        @DefaultValue("1h") @NotNull Duration retentionInterval,
        @DefaultValue("256MB") @NotNull DataSize writerMemoryLimit,
        @DefaultValue @Valid Query query,
        @DefaultValue @Valid S3 s3,
        @DefaultValue @Valid FaultInjection faultInjection) {

    @AssertTrue(message = "idle-rotation and retention-interval must be positive, retention zero or positive, "
            + "session-timeout at least 3s")
    public boolean isDurationsValid() {
        return idleRotation.isPositive() && retentionInterval.isPositive() && !retention.isNegative()
                && sessionTimeout.toMillis() >= 3_000;
    }

    /**
     * The query endpoint's and {@code scripts/archive-query}'s limits.
     *
     * @param maxRows     rows returned at most (the answer says when there were more)
     * @param timeLimit   a statement running longer is cancelled
     * @param memoryLimit DuckDB's memory for all queries together (outside the Java heap)
     * @param threads     DuckDB's threads for all queries together
     */
    public record Query(
            @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxRows,
            @DefaultValue("30s") @NotNull Duration timeLimit,
            @DefaultValue("512MB") @NotNull DataSize memoryLimit,
            @DefaultValue("2") @Min(1) @Max(64) int threads) {

        @AssertTrue(message = "time-limit must be at least one second")
        public boolean isTimeLimitValid() {
            return timeLimit.toMillis() >= 1000;
        }
    }

    /**
     * The production option: every file also uploaded to an S3-compatible bucket, under the same name below
     * {@code prefix}, before its offsets are committed.
     *
     * @param endpoint        e.g. {@code https://s3.eu-central-1.amazonaws.com} or a MinIO/Ceph URL; empty: AWS
     *                        for the region
     * @param pathStyle       {@code https://host/bucket/key} addressing, as most S3-compatible servers want
     * @param accessKeyId     static credentials; empty: the AWS SDK's default chain (environment, profile, role)
     */
    public record S3(
            @DefaultValue("false") boolean enabled,
            @Nullable URI endpoint,
            @DefaultValue("us-east-1") @NotBlank String region,
            @Nullable String bucket,
            @DefaultValue("archive") String prefix,
            @DefaultValue("false") boolean pathStyle,
            @Nullable String accessKeyId,
            @Nullable String secretAccessKey) {

        @AssertTrue(message = "bucket is required when the S3 mirror is enabled, and access-key-id and "
                + "secret-access-key go together")
        public boolean isComplete() {
            boolean keys = (accessKeyId == null || accessKeyId.isBlank())
                    == (secretAccessKey == null || secretAccessKey.isBlank());
            return keys && (!enabled || (bucket != null && !bucket.isBlank()));
        }
    }

    /**
     * For crash tests only: halts the JVM (like a SIGKILL: no shutdown hooks) after a finished batch's files were
     * moved into the archive and before its offsets are committed. Never set this in a real deployment.
     *
     * @param haltJvmBeforeCommitOn the kind of rotation to halt at; null (the default): never
     * @param haltOnOccurrence      halt at the n-th such rotation of this run
     */
    public record FaultInjection(
            @Nullable RotationReason haltJvmBeforeCommitOn,
            @DefaultValue("1") @Min(1) int haltOnOccurrence) {
    }
}
