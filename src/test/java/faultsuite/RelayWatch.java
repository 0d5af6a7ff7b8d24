package faultsuite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

import delivery.DeliveryEvent;
import outbox.EventEnvelope;
import outbox.domain.OutboxTopic;
import tools.jackson.databind.JsonNode;

/**
 * Watches a running system from the outside, as an operator's dashboards would, so that each fault's recovery can
 * be timed: a consumer of {@code delivery.events} ({@code read_committed}) records, for every record, when it
 * arrived, how old it was (its timestamp is the change's {@code occurredAt}) and which outbox shard carried it; a
 * poller asks every instance's {@code /actuator/health/outboxRelay} which shards it relays and in what state, and
 * samples the load generator's acknowledged changes.
 *
 * <p>Redelivered records (an event id seen before) are left out of the lag, as a consumer drops them.
 *
 * <p>The relay's own lag metric is per instance and a decaying maximum; measured here, end to end, it is one
 * number for the whole system and includes everything a consumer waits for.
 */
final class RelayWatch implements AutoCloseable {

    /** "Lag back under a second": the threshold a recovery is timed against. */
    static final long LAG_LIMIT_MILLIS = 1_000;
    private static final Duration STEADY_WINDOW = Duration.ofSeconds(3);

    /** An instance the watch asks about its shards. */
    record Watched(String name, ServiceClient viewer) {
    }

    /** One round of health answers: which shard each instance relays and in what state. */
    record HealthSample(long at, Map<String, List<String>> runningOn, Map<String, String> relayStatus,
            boolean shardDownOrRetrying, long acknowledged) {

        /** every shard relayed (state RUNNING) by exactly one instance */
        boolean allRunningOnce(int shards) {
            return runningOn.size() == shards && runningOn.values().stream().allMatch(on -> on.size() == 1);
        }
    }

    private final OutboxTopic topic;
    private final Supplier<List<Watched>> instances;
    private final LongSupplier acknowledged;
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private final Thread poller;
    private volatile boolean running = true;

    // arrivals: parallel arrays, appended by the reader thread only, read under the same lock
    private long[] arrivedAt = new long[1 << 16];
    private long[] lagMillis = new long[1 << 16];
    private int[] shardOf = new int[1 << 16];
    private int arrivals;
    private final List<HealthSample> health = new ArrayList<>();
    private final java.util.Set<String> eventIds = new java.util.HashSet<>();
    private volatile @Nullable Throwable failure;

    RelayWatch(OutboxTopic topic, String bootstrapServers, Map<String, String> kafkaProperties,
            Supplier<List<Watched>> instances, LongSupplier acknowledged) {
        this.topic = topic;
        this.instances = instances;
        this.acknowledged = acknowledged;
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fault-suite-watch");
        this.consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(DeliveryEvent.TOPIC, Duration.ofSeconds(60)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.reader = Thread.ofPlatform().name("watch-topic").daemon().start(this::read);
        this.poller = Thread.ofPlatform().name("watch-health").daemon().start(this::poll);
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    String eventId = EventEnvelope.header(record.headers(), EventEnvelope.EVENT_ID);
                    // a redelivery carries its first delivery's age; a consumer drops it by event id, and so does
                    // the lag measured here (they are counted by the checker)
                    if (record.key() != null && eventId != null && eventIds.add(eventId)) {
                        arrived(now, Math.max(0, now - record.timestamp()), topic.shardOf(record.key()));
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException stopping) {
            // close() woke the consumer up
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void arrived(long at, long lag, int shard) {
        if (arrivals == arrivedAt.length) {
            arrivedAt = Arrays.copyOf(arrivedAt, arrivals * 2);
            lagMillis = Arrays.copyOf(lagMillis, arrivals * 2);
            shardOf = Arrays.copyOf(shardOf, arrivals * 2);
        }
        arrivedAt[arrivals] = at;
        lagMillis[arrivals] = lag;
        shardOf[arrivals] = shard;
        arrivals++;
    }

    private void poll() {
        try {
            while (running) {
                long started = System.nanoTime();
                HealthSample sample = sample();
                synchronized (this) {
                    health.add(sample);
                }
                LockSupport.parkNanos(Math.max(0, TimeUnit.MILLISECONDS.toNanos(500) - (System.nanoTime() - started)));
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    private HealthSample sample() {
        long acked = acknowledged.getAsLong();
        Map<String, List<String>> runningOn = new LinkedHashMap<>();
        Map<String, String> relayStatus = new LinkedHashMap<>();
        boolean troubled = false;
        for (Watched instance : instances.get()) {
            ServiceClient.Reply reply = instance.viewer().get("/actuator/health/outboxRelay", Duration.ofSeconds(2));
            if (reply == null || (reply.status() != 200 && reply.status() != 503)) {
                relayStatus.put(instance.name(), reply == null ? "no answer" : "HTTP " + reply.status());
                continue;
            }
            JsonNode body = reply.json();
            relayStatus.put(instance.name(), body.path("status").asString());
            for (var shard : body.path("components").properties()) {
                JsonNode details = shard.getValue().path("details");
                if (!details.path("relayedHere").asBoolean()) {
                    continue;
                }
                String state = details.path("state").asString();
                troubled |= !"UP".equals(shard.getValue().path("status").asString()) || "RETRYING".equals(state);
                if ("RUNNING".equals(state)) {
                    runningOn.computeIfAbsent(shard.getKey(), table -> new ArrayList<>()).add(instance.name());
                }
            }
        }
        return new HealthSample(System.currentTimeMillis(), runningOn, relayStatus, troubled, acked);
    }

    /** Fails the caller with the watch's own failure, if it had one (a broken watch must not pass a run). */
    void requireHealthy() {
        Throwable cause = failure;
        if (cause != null) {
            throw new IllegalStateException("The relay watch failed: " + cause, cause);
        }
    }

    synchronized @Nullable HealthSample latestHealth() {
        return health.isEmpty() ? null : health.get(health.size() - 1);
    }

    /**
     * Now steady: every shard RUNNING on exactly one instance, and in the last few seconds — all of them after
     * {@code notBefore} (epoch millis; a fault's repair), so that records from before the fault cannot count —
     * every shard delivered records, none of them a second or more old.
     */
    synchronized boolean steady(long notBefore) {
        HealthSample latest = latestHealth();
        if (latest == null || !latest.allRunningOnce(topic.shardCount())) {
            return false;
        }
        long since = System.currentTimeMillis() - STEADY_WINDOW.toMillis();
        if (since < notBefore) {
            return false;
        }
        boolean[] seen = new boolean[topic.shardCount()];
        for (int i = arrivals - 1; i >= 0 && arrivedAt[i] >= since; i--) {
            if (lagMillis[i] >= LAG_LIMIT_MILLIS) {
                return false;
            }
            seen[shardOf[i]] = true;
        }
        for (boolean shard : seen) {
            if (!shard) {
                return false;
            }
        }
        return true;
    }

    /** Why {@link #steady} is false right now, for the log of a phase that did not recover. */
    synchronized String whyNotSteady(long notBefore) {
        List<String> reasons = new ArrayList<>();
        HealthSample latest = latestHealth();
        if (latest == null) {
            reasons.add("no health answer yet");
        } else if (!latest.allRunningOnce(topic.shardCount())) {
            reasons.add("shards RUNNING: " + latest.runningOn() + ", relay status " + latest.relayStatus());
        }
        long now = System.currentTimeMillis();
        long since = Math.max(now - STEADY_WINDOW.toMillis(), notBefore);
        long[] count = new long[topic.shardCount()];
        long[] worst = new long[topic.shardCount()];
        for (int i = arrivals - 1; i >= 0 && arrivedAt[i] >= since; i--) {
            count[shardOf[i]]++;
            worst[shardOf[i]] = Math.max(worst[shardOf[i]], lagMillis[i]);
        }
        reasons.add("last " + (now - since) + " ms: records per shard " + Arrays.toString(count)
                + ", max lag per shard (ms) " + Arrays.toString(worst));
        return String.join("; ", reasons);
    }

    /**
     * How the system came back from a fault injected at {@code faultAt} and repaired at {@code repairedAt}
     * (epoch millis), judged on what was observed up to {@code until}.
     */
    synchronized Recovery recovery(long faultAt, long repairedAt, long until) {
        int shards = topic.shardCount();
        // the lag is back under the limit after the last record that was older than the limit, provided every
        // shard delivered something after that (a shard that relays nothing shows no lag at all)
        long lastLate = faultAt;
        long maxLag = 0;
        long records = 0;
        for (int i = 0; i < arrivals; i++) {
            if (arrivedAt[i] < faultAt || arrivedAt[i] > until) {
                continue;
            }
            records++;
            maxLag = Math.max(maxLag, lagMillis[i]);
            if (lagMillis[i] >= LAG_LIMIT_MILLIS) {
                lastLate = arrivedAt[i];
            }
        }
        boolean[] after = new boolean[shards];
        for (int i = 0; i < arrivals; i++) {
            if (arrivedAt[i] > Math.max(lastLate, repairedAt) && arrivedAt[i] <= until) {
                after[shardOf[i]] = true;
            }
        }
        boolean everyShardAfter = true;
        for (boolean shard : after) {
            everyShardAfter &= shard;
        }
        Long disruptedAt = null;
        Long runningAgainAt = null;
        boolean healthTroubled = false;
        Map<String, Integer> notUp = new LinkedHashMap<>();
        long previousAcks = -1;
        long previousAckAt = -1;
        long longestWritePause = 0;
        for (HealthSample sample : health) {
            if (sample.at() < faultAt - 1_000 || sample.at() > until) {
                continue;
            }
            if (sample.at() >= faultAt) {
                boolean allRunning = sample.allRunningOnce(shards);
                if (!allRunning && disruptedAt == null) {
                    disruptedAt = sample.at();
                }
                if (allRunning && disruptedAt != null && runningAgainAt == null) {
                    runningAgainAt = sample.at();
                }
                if (!allRunning && runningAgainAt != null && sample.at() <= repairedAt) {
                    runningAgainAt = null; // moved again before the repair (shards taken over, then handed back)
                }
                healthTroubled |= sample.shardDownOrRetrying();
                sample.relayStatus().forEach((instance, status) -> {
                    if (!"UP".equals(status)) {
                        notUp.merge(instance, 1, Integer::sum);
                    }
                });
            }
            if (previousAcks < 0 || sample.acknowledged() > previousAcks) {
                if (previousAckAt >= 0) {
                    longestWritePause = Math.max(longestWritePause, sample.at() - previousAckAt);
                }
                previousAcks = sample.acknowledged();
                previousAckAt = sample.at();
            }
        }
        if (previousAckAt >= 0) {
            longestWritePause = Math.max(longestWritePause, until - previousAckAt);
        }
        return new Recovery(faultAt, repairedAt, disruptedAt, runningAgainAt, everyShardAfter ? lastLate : null,
                maxLag, records, healthTroubled, notUp, longestWritePause);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(10_000);
        poller.join(10_000);
    }

    /**
     * @param disruptedAt    first health round after the fault that did not show every shard RUNNING on exactly
     *                       one instance (null: the relay's health never showed the fault)
     * @param runningAgainAt first round after that with every shard RUNNING once again, and staying so until the
     *                       repair (null: not within the observation, or never disrupted)
     * @param lagBackAt      when the end-to-end lag was back under {@link #LAG_LIMIT_MILLIS} for good, i.e. the
     *                       arrival of the last record older than that ({@code faultAt} if none was); null: some
     *                       shard delivered nothing after that point and the repair, i.e. not recovered
     * @param healthTroubled some shard was reported DOWN or RETRYING
     * @param relayNotUp     health rounds per instance whose relay status was not UP (or that did not answer)
     * @param longestWritePauseMillis the longest stretch in which no change was acknowledged to the load
     */
    record Recovery(long faultAt, long repairedAt, @Nullable Long disruptedAt, @Nullable Long runningAgainAt,
            @Nullable Long lagBackAt, long maxLagMillis, long records, boolean healthTroubled,
            Map<String, Integer> relayNotUp, long longestWritePauseMillis) {

        boolean recovered() {
            return lagBackAt != null && (disruptedAt == null || runningAgainAt != null);
        }

        /** null: never disrupted; a negative duration is never returned */
        @Nullable Duration toRunningAgain() {
            return runningAgainAt == null ? null : Duration.ofMillis(runningAgainAt - faultAt);
        }

        @Nullable Duration toLagBack() {
            return lagBackAt == null ? null : Duration.ofMillis(lagBackAt - faultAt);
        }

        Duration outage() {
            return Duration.ofMillis(repairedAt - faultAt);
        }
    }
}
