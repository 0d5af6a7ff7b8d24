package outbox.adapter.in.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

import outbox.application.port.in.ShardOwnershipUseCase;
import outbox.domain.OutboxShard;

import platform.kafka.KafkaClientSecurity;

/**
 * Hands each outbox shard to exactly one running instance, using Kafka's consumer-group protocol instead of a
 * home-made election: every instance joins one group on a lease topic with one partition per shard, and owns the
 * shards whose partitions it is assigned. Nothing is produced to or consumed from the topic; only the assignment
 * matters.
 *
 * <p>With the cooperative-sticky assignor a partition is revoked from its old owner, whose
 * {@link ConsumerRebalanceListener#onPartitionsRevoked} stops the shard's reader and stores its offset, before a
 * later rebalance assigns it elsewhere, so two instances never relay one shard on purpose. An instance that
 * crashes stops heartbeating and loses its shards after the session timeout. An instance that merely lost
 * contact and still relays is fenced by the shard's transactional producer id on its next send.
 *
 * <p>Spring Kafka's listener containers consume records; this needs only the rebalance callbacks on a consumer
 * that is polled forever, so a plain {@link KafkaConsumer} on one thread is the smaller tool.
 */
class ShardLeases implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShardLeases.class);

    private final ShardOwnershipUseCase ownership;
    private final CoordinationProperties properties;
    private final Map<String, Object> consumerConfig;
    private final List<OutboxShard> shards;
    private final boolean relayEnabled;
    private volatile boolean running;
    private volatile @Nullable KafkaConsumer<byte[], byte[]> consumer;
    private @Nullable Thread thread;

    ShardLeases(ShardOwnershipUseCase ownership, CoordinationProperties properties, KafkaAdmin admin,
            String instanceId, boolean relayEnabled) {
        this.ownership = ownership;
        this.relayEnabled = relayEnabled;
        this.properties = properties;
        this.shards = ownership.allShards();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, admin.getConfigurationProperties().get("bootstrap.servers"));
        config.putAll(KafkaClientSecurity.settings(admin.getConfigurationProperties()));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "relay-leases-" + instanceId);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) properties.heartbeatInterval().toMillis());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumerConfig = Map.copyOf(config);
    }

    @Override
    public void start() {
        running = true;
        Thread polling = Thread.ofPlatform().name("relay-leases").daemon().unstarted(this::pollForever);
        thread = polling;
        polling.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread polling = thread;
        if (polling == null) {
            return;
        }
        try {
            polling.join(Duration.ofSeconds(90));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** An instance that does not relay ({@code relay.outbox.enabled=false}) never asks for shards. */
    @Override
    public boolean isAutoStartup() {
        return relayEnabled;
    }

    /** Starts after everything else and stops first: readers end before the producers and the broker go away. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }

    private void pollForever() {
        try (KafkaConsumer<byte[], byte[]> leases = new KafkaConsumer<>(consumerConfig)) {
            consumer = leases;
            leases.subscribe(List.of(properties.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        ownership.acquired(shardsOf(partitions));
                    }
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        ownership.released(shardsOf(partitions));
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    log.warn("Lost the leases of {} shard(s) without a rebalance (lost contact with the group)",
                            partitions.size());
                    onPartitionsRevoked(partitions);
                }
            });
            while (running) {
                try {
                    leases.poll(Duration.ofSeconds(1));
                } catch (WakeupException stopping) {
                    // stop() woke us; the loop condition ends it
                } catch (RuntimeException e) {
                    log.warn("Shard lease coordination failed, retrying: {}", e.toString());
                    sleepQuietly();
                }
            }
            // close() revokes our partitions (releasing the shards) and leaves the group at once
        } catch (RuntimeException e) {
            log.error("Shard lease coordination ended", e);
        } finally {
            consumer = null;
        }
    }

    private List<OutboxShard> shardsOf(Collection<TopicPartition> partitions) {
        return partitions.stream()
                .filter(p -> p.partition() < shards.size())
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .map(p -> shards.get(p.partition()))
                .toList();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
