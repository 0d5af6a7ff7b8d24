package analytics.application;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code relay.analytics.*}: the integrated delivery step and its topics. (The archive has its own
 * {@code relay.analytics.archive.*}.)
 *
 * @param enabled                    run the Kafka Streams step in this instance
 * @param idleTimeout                a delivery with no event for this long (stream time) gets an {@code EXPIRED}
 *                                   record and leaves the store; longer than any delivery lives, and than any relay
 *                                   outage after which late events should still count
 * @param endedRetention             how long (stream time) an ended delivery is remembered, so that a redelivered or
 *                                   late event of it is dropped instead of reviving it; also how far back a re-drive
 *                                   can place events of ended deliveries
 * @param sweepInterval              how often, in stream time, idle deliveries and old memories are looked for
 * @param wallClockBackstopInterval  how often the wall-clock backstop checks whether stream time has stalled
 * @param topics                     retention of the step's topics
 * @param redrive                    the operators' re-drive of dead letters
 * @param stateStores                the memory all RocksDB state stores of this instance share
 */
@ConfigurationProperties("relay.analytics")
@Validated
public record AnalyticsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("6h") @DurationMin(minutes = 1) Duration idleTimeout,
        @DefaultValue("24h") @DurationMin(minutes = 1) Duration endedRetention,
        @DefaultValue("1m") @DurationMin(seconds = 1) Duration sweepInterval,
        @DefaultValue("5m") @DurationMin(seconds = 1) Duration wallClockBackstopInterval,
        @DefaultValue @Valid Topics topics,
        @DefaultValue @Valid Redrive redrive,
        @DefaultValue @Valid StateStores stateStores) {

    /**
     * @param integratedRetention  how long {@code delivery.integrated} keeps records (the archive keeps them for
     *                             good: the topic only has to outlast an archive outage)
     * @param deadLetterRetention  how long dead letters wait for an operator's re-drive
     * @param redriveRetention     how long re-driven records stay on the re-drive topic
     */
    public record Topics(
            @DefaultValue("7d") @DurationMin(hours = 1) Duration integratedRetention,
            @DefaultValue("30d") @DurationMin(hours = 1) Duration deadLetterRetention,
            @DefaultValue("7d") @DurationMin(hours = 1) Duration redriveRetention) {
    }

    /**
     * @param maxRecords    at most this many dead letters per re-drive request
     * @param pollTimeout   how long a re-drive waits for dead letters from the broker before it stops
     */
    public record Redrive(
            @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxRecords,
            @DefaultValue("5s") @DurationMin(millis = 100) Duration pollTimeout) {
    }

    /**
     * One budget for every RocksDB store of the instance, outside the Java heap (without it each store takes its
     * own cache and memtables, and the total grows with the number of partitions).
     *
     * @param memory             block cache, index and filter blocks and memtables of all stores together
     * @param writeBufferMemory  the part of {@code memory} the memtables may take before the writing store flushes
     */
    public record StateStores(
            @DefaultValue("128MB") @NotNull DataSize memory,
            @DefaultValue("64MB") @NotNull DataSize writeBufferMemory) {

        @AssertTrue(message = "memory must be at least 16MB and write-buffer-memory at least 8MB and below memory")
        public boolean isBudgetValid() {
            // a missing value is @NotNull's to report
            if (memory == null || writeBufferMemory == null) {
                return true;
            }
            // 8MB as a margin: every memtable a store writes to holds an arena block (~34 KB for the smallest, 256 KB
            // memtables) and ~72 of the 77 stores (12 partitions) are written between two commits, ~2.4 MB together:
            // a third of the flush point (7/8 of the budget) at 8MB, two thirds at 4MB, all of it at ~3MB, where
            // every write would flush
            return memory.toMegabytes() >= 16 && writeBufferMemory.toMegabytes() >= 8
                    && writeBufferMemory.toBytes() < memory.toBytes();
        }
    }
}
