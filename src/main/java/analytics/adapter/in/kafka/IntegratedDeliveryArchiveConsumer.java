package analytics.adapter.in.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import analytics.application.ArchiveProperties;
import analytics.application.port.in.ArchiveIntegratedDeliveriesUseCase;
import analytics.application.port.in.ArchiveIntegratedDeliveriesUseCase.FinishedBatch;
import analytics.domain.archive.RotationReason;
import analytics.domain.archive.SkippedRecord;
import analytics.domain.archive.SourceRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The archive writer's consumer: read-committed, its own group, no auto-commit. It commits a partition's offset
 * only after the archive writer returned the batch that covers it, i.e. after its files are in the archive (and
 * the mirror). A record it cannot read goes to the dead-letter topic first (synchronously), then counts as
 * skipped. After a failure (disk, S3, a commit) it drops what it collected, lets the writer clean up, seeks back to
 * the committed offsets and tries again with back-off.
 *
 * <p>Spring Kafka's listener containers commit what the listener was given (or acknowledged); a file sink may
 * commit only what is in a finished file, which lags by a whole open batch, and it must act when nothing arrives
 * (idle rotation). One plain consumer on one thread, as Kafka Connect's sink tasks run, keeps both in one loop.
 */
class IntegratedDeliveryArchiveConsumer implements SmartLifecycle {

    /** what the JVM exits with when the fault injection halts it (tests wait for it) */
    public static final int FAULT_INJECTION_EXIT_STATUS = 97;

    private static final Logger log = LoggerFactory.getLogger(IntegratedDeliveryArchiveConsumer.class);
    private static final String TOPIC = ArchiveIntegratedDeliveriesUseCase.SOURCE_TOPIC;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** failures in a row after which the log says ERROR: someone must look */
    private static final int ERROR_AFTER_FAILURES = 5;

    private final ArchiveIntegratedDeliveriesUseCase archive;
    private final Map<String, Object> consumerConfig;
    private final DeadLetters deadLetters;
    private final IntegratedDeliveryReader reader = new IntegratedDeliveryReader();
    private final Clock clock;
    private final Duration pollTimeout;
    private final ArchiveProperties.FaultInjection faults;
    private final Counter unreadable;
    private int faultOccurrences;
    /** what this consumer last committed per partition (consumer thread only) */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile boolean running;
    private volatile @Nullable KafkaConsumer<byte[], byte[]> consumer;
    private @Nullable Thread thread;

    IntegratedDeliveryArchiveConsumer(ArchiveIntegratedDeliveriesUseCase archive, Map<String, Object> consumerConfig,
            DeadLetters deadLetters, Clock clock, ArchiveProperties properties, MeterRegistry meters) {
        this.archive = archive;
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.deadLetters = deadLetters;
        this.clock = clock;
        long quarterIdle = properties.idleRotation().toMillis() / 4;
        this.pollTimeout = Duration.ofMillis(Math.clamp(quarterIdle, 10, 1_000));
        this.faults = properties.faultInjection();
        this.unreadable = Counter.builder("analytics.archive.dead.lettered")
                .description("Records of " + TOPIC + " the archive could not read, sent to " + DeadLetters.TOPIC)
                .register(meters);
        if (faults.haltJvmBeforeCommitOn() != null) {
            log.warn("FAULT INJECTION is on (relay.analytics.archive.fault-injection): the JVM will halt once the "
                    + "files of {} rotation #{} are in the archive, before their offsets are committed. For crash "
                    + "tests only.", faults.haltJvmBeforeCommitOn(), faults.haltOnOccurrence());
        }
    }

    @Override
    public void start() {
        running = true;
        Thread loop = Thread.ofPlatform().name("archive-writer").unstarted(this::pollForever);
        thread = loop;
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread loop = thread;
        if (loop != null) {
            try {
                loop.join(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the writer's adapters exist and stops before them; before the Kafka clients go away. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2;
    }

    private void pollForever() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig)) {
            consumer = kafka;
            kafka.subscribe(List.of(TOPIC), new Rebalances(kafka));
            int failures = 0;
            boolean recovering = false;
            while (running) {
                try {
                    if (recovering) {
                        recover(kafka);
                        recovering = false;
                    }
                    ConsumerRecords<byte[], byte[]> records = kafka.poll(pollTimeout);
                    List<SourceRecord> taken = new ArrayList<>(records.count());
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        taken.add(read(record));
                    }
                    List<FinishedBatch> finished = new ArrayList<>(archive.take(taken, clock.instant()));
                    finished.addAll(archive.rotateIdle(clock.instant()));
                    commit(kafka, finished);
                    if (failures > 0) {
                        log.info("Archive writer is writing again after {} failure(s)", failures);
                        failures = 0;
                    }
                } catch (WakeupException stopping) {
                    // stop() woke the consumer; the loop condition ends it
                } catch (RuntimeException e) {
                    failures++;
                    recovering = true;
                    Duration pause = backoff(failures);
                    if (failures == ERROR_AFTER_FAILURES) {
                        log.error("Archive writer failed {} times in a row; it keeps retrying every {} s. Last error:",
                                failures, pause.toSeconds(), e);
                    } else {
                        log.warn("Archive writer failed (attempt {}), retrying from the committed offsets in {} ms: {}",
                                failures, pause.toMillis(), e.toString());
                    }
                    pause(pause);
                }
            }
            try {
                commit(kafka, archive.handOver(partitions(kafka.assignment())));
            } catch (RuntimeException e) {
                log.warn("Could not finish the open batches at stop; they are written again from the committed "
                        + "offsets at the next start: {}", e.toString());
            }
            // close() leaves the group at once, so the partitions move without waiting for the session timeout
        } catch (RuntimeException e) {
            log.error("Archive writer stopped", e);
        } finally {
            consumer = null;
        }
    }

    private SourceRecord read(ConsumerRecord<byte[], byte[]> record) {
        try {
            return reader.read(record);
        } catch (IntegratedDeliveryReader.UnreadableRecordException e) {
            deadLetters.send(record, e);
            unreadable.increment();
            log.warn("Sent offset {} of {}-{} to {}: {}", record.offset(), TOPIC, record.partition(),
                    DeadLetters.TOPIC, e.getMessage());
            return new SkippedRecord(record.partition(), record.offset());
        }
    }

    /**
     * Commits the finished batches' offsets, and the position of every partition with nothing open (all it read is
     * archived), so that transaction markers and aborted records after the last archived record do not show as
     * lag forever.
     */
    private void commit(KafkaConsumer<byte[], byte[]> kafka, List<FinishedBatch> finished) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (FinishedBatch batch : finished) {
            offsets.merge(new TopicPartition(TOPIC, batch.partition()), new OffsetAndMetadata(batch.nextOffset()),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
            haltIfInjected(batch);
        }
        Set<Integer> open = archive.partitionsWithOpenBatches();
        for (TopicPartition partition : kafka.assignment()) {
            if (!open.contains(partition.partition())) {
                long position;
                try {
                    position = kafka.position(partition, Duration.ZERO);
                } catch (org.apache.kafka.common.errors.TimeoutException unknownYet) {
                    continue;
                }
                OffsetAndMetadata batchEnd = offsets.get(partition);
                if (position > committed.getOrDefault(partition, -1L)
                        && (batchEnd == null || position > batchEnd.offset())) {
                    offsets.put(partition, new OffsetAndMetadata(position));
                }
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        kafka.commitSync(offsets);
        offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    }

    private void haltIfInjected(FinishedBatch batch) {
        RotationReason haltOn = faults.haltJvmBeforeCommitOn();
        if (haltOn == null || batch.reason() != haltOn || ++faultOccurrences != faults.haltOnOccurrence()) {
            return;
        }
        log.warn("FAULT INJECTION: halting the JVM after moving {} into the archive and before committing offset {} "
                + "of {}-{}", batch.files().stream().map(f -> f.path()).toList(), batch.nextOffset(), TOPIC,
                batch.partition());
        Runtime.getRuntime().halt(FAULT_INJECTION_EXIT_STATUS);
    }

    private void recover(KafkaConsumer<byte[], byte[]> kafka) {
        Set<TopicPartition> assignment = kafka.assignment();
        Map<TopicPartition, OffsetAndMetadata> offsets = kafka.committed(assignment);
        Map<Integer, Long> seeks = archive.recover(committedOffsets(assignment, offsets));
        for (TopicPartition partition : assignment) {
            Long resumeAt = seeks.get(partition.partition());
            OffsetAndMetadata offset = offsets.get(partition);
            committed.put(partition, offset == null ? -1L : offset.offset());
            if (resumeAt != null) {
                kafka.seek(partition, resumeAt);
            } else if (offset != null) {
                kafka.seek(partition, offset);
            } else {
                kafka.seekToBeginning(List.of(partition));
            }
        }
    }

    private static Map<Integer, OptionalLong> committedOffsets(Collection<TopicPartition> partitions,
            Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<Integer, OptionalLong> offsets = new TreeMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            offsets.put(partition.partition(),
                    offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset()));
        }
        return offsets;
    }

    private static List<Integer> partitions(Collection<TopicPartition> partitions) {
        return partitions.stream().filter(p -> p.topic().equals(TOPIC)).map(TopicPartition::partition).sorted()
                .toList();
    }

    private static Duration backoff(int failures) {
        long millis = 1_000L << Math.min(failures - 1, 5);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private void pause(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        while (running && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Runs inside poll(), on this consumer's thread. */
    private final class Rebalances implements ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> kafka;

        Rebalances(KafkaConsumer<byte[], byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<TopicPartition> assigned = Set.copyOf(partitions);
            Map<TopicPartition, OffsetAndMetadata> offsets = kafka.committed(assigned);
            assigned.forEach(partition -> committed.put(partition,
                    offsets.get(partition) == null ? -1L : offsets.get(partition).offset()));
            Map<Integer, Long> seeks = archive.assigned(committedOffsets(assigned, offsets));
            seeks.forEach((partition, offset) -> kafka.seek(new TopicPartition(TOPIC, partition), offset));
            log.info("Archive writer took {}-{}", TOPIC, partitions(assigned));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                commit(kafka, archive.handOver(partitions(partitions)));
                partitions.forEach(committed::remove);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.warn("Archive writer lost {}-{} without a hand-over; their open batches are written again by "
                        + "the next owner", TOPIC, partitions(partitions));
                archive.lost(partitions(partitions));
                partitions.forEach(committed::remove);
            }
        }
    }
}
