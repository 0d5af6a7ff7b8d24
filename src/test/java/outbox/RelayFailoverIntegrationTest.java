package outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import platform.DeliveryDriver;
import platform.DeliveryEventsProbe;
import platform.DeliveryEventsProbe.Event;
import platform.HttpApi;
import platform.TestUsers;
import platform.JarProcess;
import platform.TestServers;
import platform.embedded.LocalPorts;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the packaged jar on one database and one Kafka cluster, as the seed runs several servers per
 * group: every shard is relayed by exactly one of them; when one is killed (SIGKILL, no clean-up) or stopped, the
 * other takes its shards over from the stored offsets and nothing committed is lost.
 */
class RelayFailoverIntegrationTest {

    static final Duration TAKE_OVER_LIMIT = Duration.ofSeconds(30);
    /**
     * How long two instances may take to share the shards once both are up. A shard is handed over once its reader
     * on the giving instance has stopped, and a reader stuck in its stop is given up after 60 s
     * ({@code DebeziumShardReaders.STOP_LIMIT}); CI once saw that happen to one reader released during its first
     * snapshot. That the readers stop promptly is DebeziumShardReadersIntegrationTest's subject; this one's is that
     * the shards are shared and taken over without loss, so it allows that 60 s plus a rebalance.
     */
    static final Duration SPLIT_LIMIT = Duration.ofSeconds(120);

    final List<JarProcess> instances = new ArrayList<>();
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stopAll() throws InterruptedException {
        for (JarProcess instance : instances) {
            instance.close();
        }
    }

    @Test
    void eachShardHasOneOwnerAndASurvivorTakesOverAKilledInstancesShardsWithoutLoss() throws Exception {
        Pair pair = startPair();
        JarProcess a = pair.a();
        HttpApi apiB = pair.apiB();

        try (DeliveryEventsProbe probe = DeliveryEventsProbe.onTestServers()) {
            DeliveryDriver driver = new DeliveryDriver(apiB);
            AtomicBoolean loading = new AtomicBoolean(true);
            // the load's failure fails this test through get(), instead of ending its thread silently with fewer ids
            CompletableFuture<List<String>> load = CompletableFuture.supplyAsync(() -> {
                List<String> created = new ArrayList<>();
                while (loading.get()) {
                    try {
                        created.addAll(driver.wholeLives(20, 4));
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }
                return created;
            }, Executors.newSingleThreadExecutor());
            probe.awaitCount(Duration.ofSeconds(60), 50);

            a.kill();
            long killedAt = System.nanoTime();
            await().atMost(TAKE_OVER_LIMIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> ownedShards(apiB).size() == 8);
            Duration takeOver = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.printf("take-over after SIGKILL: %d ms%n", takeOver.toMillis());

            probe.awaitCount(Duration.ofSeconds(60), probe.drain(Duration.ZERO).size() + 100);
            loading.set(false);
            List<String> ids = load.get(5, TimeUnit.MINUTES);
            assertThat(ids).isNotEmpty().doesNotHaveDuplicates();

            Set<String> committed = committedEventIds(ids);
            List<Event> events = probe.awaitUntil(Duration.ofMinutes(2), received -> eventIds(received).containsAll(committed));
            assertThat(eventIds(events)).containsAll(committed);
            assertThat(probe.outOfSequence()).isEmpty();
            System.out.printf("after SIGKILL: %d committed events, %d duplicates dropped by event id%n",
                    committed.size(), probe.duplicatesDropped());
        }
    }

    @Test
    void aGracefullyStoppedInstanceHandsItsShardsOverAndARestartedOneGetsSomeBack() throws Exception {
        Pair pair = startPair();
        JarProcess b = pair.b();
        HttpApi apiA = pair.apiA();

        try (DeliveryEventsProbe probe = DeliveryEventsProbe.onTestServers()) {
            DeliveryDriver driver = new DeliveryDriver(apiA);
            List<String> ids = new ArrayList<>(driver.wholeLives(30, 4));
            CompletableFuture<Void> stopB = CompletableFuture.runAsync(() -> {
                try {
                    b.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
            }, Executors.newSingleThreadExecutor());
            ids.addAll(driver.wholeLives(60, 4));
            stopB.get(2, TimeUnit.MINUTES);
            await().atMost(TAKE_OVER_LIMIT).until(() -> ownedShards(apiA).size() == 8);

            JarProcess b2 = start("b2");
            HttpApi apiB2 = b2.awaitReady(Duration.ofMinutes(2));
            ids.addAll(driver.wholeLives(30, 4));
            awaitOwnersSplit(List.of(pair.a(), b2), apiA, apiB2);

            Set<String> committed = committedEventIds(ids);
            List<Event> events = probe.awaitUntil(Duration.ofMinutes(2), received -> eventIds(received).containsAll(committed));
            assertThat(eventIds(events)).containsAll(committed);
            assertThat(probe.outOfSequence()).isEmpty();
        }
    }

    /** Two instances, "a" and "b", ready and sharing the shards between them. */
    private Pair startPair() throws Exception {
        JarProcess a = start("a");
        JarProcess b = start("b");
        HttpApi apiA = a.awaitReady(Duration.ofMinutes(2));
        HttpApi apiB = b.awaitReady(Duration.ofMinutes(2));
        awaitOwnersSplit(List.of(a, b), apiA, apiB);
        return new Pair(a, apiA, b, apiB);
    }

    /**
     * Waits for the instances to share the shards; when they do not in time, fails with what their logs say of
     * the shards' leases and readers (CI keeps the test report, not the instances' log files).
     */
    private static void awaitOwnersSplit(List<JarProcess> instances, HttpApi... apis) {
        try {
            await().atMost(SPLIT_LIMIT).untilAsserted(() -> assertOwnersSplit(apis));
            for (JarProcess instance : instances) {
                // shared, but slowly: the WARNs of a slow reader stop say where its threads were
                String slow = instance.linesMatching(SLOW_READER_STOP, 8);
                if (!slow.contains("(0 matching")) {
                    System.out.println("slow reader stops while the shards were shared: " + slow);
                }
            }
        } catch (RuntimeException e) {
            // the timeout (Awaitility's ConditionTimeoutException), or an instance that no longer answers its health
            StringBuilder diagnosis = new StringBuilder(String.valueOf(e));
            for (JarProcess instance : instances) {
                diagnosis.append("\n").append(instance.linesMatching(INSTANCE_DIAGNOSIS, 60));
            }
            throw new AssertionError(diagnosis.toString(), e);
        }
    }

    /**
     * log lines that tell why shards did not move: leases, readers starting and stopping, every WARN and ERROR but the
     * producers' retries of CONCURRENT_TRANSACTIONS, which are many and would push the others out of the last 60
     */
    private static final java.util.regex.Pattern INSTANCE_DIAGNOSIS = java.util.regex.Pattern.compile(
            "^(?!.*Got error produce response)"
                    + ".*(Relaying shard|Stopped relaying|Started DeliveryRelay| WARN | ERROR |[Rr]ebalanc|did not stop)");

    private static final java.util.regex.Pattern SLOW_READER_STOP = java.util.regex.Pattern.compile(
            "has not stopped after|did not stop within|still waited in its engine");

    private record Pair(JarProcess a, HttpApi apiA, JarProcess b, HttpApi apiB) {
    }

    private JarProcess start(String name) throws Exception {
        List<String> arguments = new ArrayList<>();
        for (Map.Entry<String, Object> property : TestServers.get().applicationProperties().entrySet()) {
            arguments.add("--" + property.getKey() + "=" + property.getValue());
        }
        arguments.add("--spring.application.name=delivery-relay-" + name);
        JarProcess instance = JarProcess.start(Path.of("target", "failover-it", run + "-" + name + ".log"),
                LocalPorts.free(), arguments);
        instances.add(instance);
        return instance;
    }

    private static void assertOwnersSplit(HttpApi... apis) {
        List<Set<String>> owned = java.util.Arrays.stream(apis).map(RelayFailoverIntegrationTest::ownedShards).toList();
        Set<String> all = new HashSet<>();
        int total = 0;
        for (Set<String> shards : owned) {
            assertThat(shards).as("every instance relays some shards").isNotEmpty();
            all.addAll(shards);
            total += shards.size();
        }
        assertThat(all).as("every shard is relayed").hasSize(8);
        assertThat(total).as("no shard is relayed twice").isEqualTo(8);
    }

    private static Set<String> ownedShards(HttpApi api) {
        JsonNode components = api.as(TestUsers.VIEWER).get("/actuator/health/outboxRelay").json()
                .path("components");
        Set<String> owned = new HashSet<>();
        components.properties().forEach(shard -> {
            if (shard.getValue().path("details").path("relayedHere").asBoolean()) {
                owned.add(shard.getKey());
            }
        });
        return owned;
    }

    private static Set<String> eventIds(List<Event> events) {
        return events.stream().map(Event::eventId).collect(Collectors.toSet());
    }

    private static Set<String> committedEventIds(List<String> deliveryIds) throws Exception {
        Set<String> ids = new HashSet<>();
        String in = deliveryIds.stream().map(d -> "'" + d + "'").collect(Collectors.joining(","));
        var mariaDb = TestServers.get().mariaDb();
        try (var connection = java.sql.DriverManager.getConnection(mariaDb.jdbcUrl(), "relay", mariaDb.appPassword());
                var statement = connection.createStatement()) {
            for (int shard = 0; shard < 8; shard++) {
                try (var rows = statement.executeQuery(
                        "select event_id from outbox_delivery_" + shard + " where aggregate_id in (" + in + ")")) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
        }
        return ids;
    }
}
