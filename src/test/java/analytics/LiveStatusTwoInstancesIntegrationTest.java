package analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import delivery.DeliveryRelayApplication;
import platform.DeliveryDriver;
import platform.HttpApi;
import platform.HttpApi.Reply;
import platform.TestServersInitializer;
import platform.TestUsers;
import platform.embedded.LocalPorts;

/**
 * Two instances of the service, each its own application context on the same real broker and database, as two
 * hosts would run: they answer the same counts, a delivery kept by one is answered by the other too (fetched from
 * the one that keeps it), and an operator's override on one closes and reopens the intake on both.
 */
class LiveStatusTwoInstancesIntegrationTest {

    static final Duration SETTLE = Duration.ofSeconds(90);
    static final List<ConfigurableApplicationContext> started = new ArrayList<>();
    static HttpApi first;
    static HttpApi second;

    static HttpApi start(String name) {
        int port = LocalPorts.free();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DeliveryRelayApplication.class)
                .initializers(new TestServersInitializer())
                .run("--server.port=" + port,
                        "--spring.application.name=relay-" + name,
                        "--relay.bus.instance-id=" + name,
                        "--relay.analytics.advertised-host=127.0.0.1",
                        // this test feeds delivery.integrated itself: no relay engines competing for two cores
                        "--relay.outbox.enabled=false",
                        "--relay.alarms.evaluation-interval=1s",
                        "--relay.alarms.gate.refresh-interval=200ms");
        started.add(context);
        return new HttpApi(port);
    }

    @BeforeAll
    static void startInstances() {
        first = start("first");
        second = start("second");
    }

    @AfterAll
    static void stopInstances() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    static Map<String, Long> counts(HttpApi instance) {
        Reply reply = instance.as(TestUsers.VIEWER).get("/analytics/status-counts");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, Long> counts = new LinkedHashMap<>();
        reply.json().path("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    @Test
    void bothInstancesAnswerTheSameCountsAndEveryDelivery() {
        await().atMost(SETTLE).until(() -> first.as(TestUsers.VIEWER).get("/analytics/status-counts").status() == 200
                && second.as(TestUsers.VIEWER).get("/analytics/status-counts").status() == 200);
        Map<String, Long> before = counts(first);
        List<IntegratedRecords> lives = new ArrayList<>();
        try (IntegratedFeed feed = new IntegratedFeed()) {
            Instant now = Instant.now();
            for (int i = 0; i < 16; i++) {
                IntegratedRecords life = IntegratedRecords.delivery("two-instances");
                feed.send(life.created(now));
                if (i % 2 == 1) {
                    feed.send(life.riderAssigned(now));
                }
                if (i % 4 == 3) {
                    feed.send(life.pickedUp(now));
                }
                lives.add(life);
            }
        }
        Map<String, Long> expected = new LinkedHashMap<>(before);
        expected.merge("CREATED", 8L, Long::sum);
        expected.merge("RIDER_ASSIGNED", 4L, Long::sum);
        expected.merge("PICKED_UP", 4L, Long::sum);
        await().atMost(SETTLE).untilAsserted(() -> {
            assertThat(counts(first)).isEqualTo(expected);
            assertThat(counts(second)).isEqualTo(expected);
        });

        int[] keptBy = new int[2];
        for (IntegratedRecords life : lives) {
            String status = life.last().status().name();
            List<String> servedBy = new ArrayList<>();
            for (HttpApi instance : List.of(first, second)) {
                Reply reply = await().atMost(SETTLE).until(() -> instance.as(TestUsers.VIEWER)
                        .get("/analytics/deliveries/" + life.id()), r -> r.status() == 200);
                assertThat(reply.text("status")).isEqualTo(status);
                servedBy.add(reply.header("X-Served-By"));
            }
            assertThat(servedBy).as("kept by exactly one instance").containsOnlyOnce("here");
            assertThat(servedBy).filteredOn(by -> !"here".equals(by)).singleElement().asString()
                    .startsWith("127.0.0.1:");
            keptBy[servedBy.indexOf("here")]++;
        }
        assertThat(keptBy).as("the live store's partitions are spread over both instances").doesNotContain(0);
    }

    @Test
    void anOverrideOnOneInstanceClosesAndReopensTheIntakeOnBoth() {
        HttpApi operator = first.as(TestUsers.OPERATOR);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(second.as(TestUsers.OPERATOR).get("/admin/intake-gate")
                .json().path("alarmsEvaluatedAt").isNull()).isFalse());
        Reply forced = operator.put("/admin/intake-gate", """
                {"mode":"CLOSED","duration":"PT10M","reason":"two-instance drill"}""");
        assertThat(forced.status()).as(forced.body()).isEqualTo(200);

        for (HttpApi instance : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(instance.post("/deliveries",
                    DeliveryDriver.handOverJson("two-" + UUID.randomUUID())).status()).isEqualTo(503));
        }
        assertThat(second.as(TestUsers.OPERATOR).delete("/admin/intake-gate?reason=drill%20over").status())
                .isEqualTo(200);
        for (HttpApi instance : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(instance.post("/deliveries",
                    DeliveryDriver.handOverJson("two-" + UUID.randomUUID())).status()).isEqualTo(201));
        }
    }
}
