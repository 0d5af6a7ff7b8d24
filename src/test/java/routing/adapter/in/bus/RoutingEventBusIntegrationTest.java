package routing.adapter.in.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.stream.binder.Binding;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

import delivery.DeliveryRelayApplication;
import platform.DeliveryDriver;
import platform.HttpApi;
import platform.HttpApi.Reply;
import platform.TestServers;
import platform.TestServersInitializer;
import platform.TestUsers;

/**
 * Several instances of the service in one JVM, each its own application context on the same real MariaDB and
 * Kafka, as separate hosts would run: two in the {@code delivery} group and one in another group. A rule set
 * change saved on one instance reaches the other {@code delivery} instance over the bus, and not the third;
 * an instance started later, or one that missed the announcement, still ends up on the current version.
 *
 * <p>Version checks are set to an hour (except where the test is about them) so that only the bus can explain
 * a reload.
 */
class RoutingEventBusIntegrationTest {

    static final Duration BUS = Duration.ofSeconds(20);
    static final List<ConfigurableApplicationContext> started = new ArrayList<>();

    static Instance first;
    static Instance second;
    static Instance otherGroup;

    record Instance(ConfigurableApplicationContext context, HttpApi api) {

        HttpApi operator() {
            return api.as(TestUsers.OPERATOR);
        }

        long activeVersion() {
            return operator().get("/admin/routing/status").json().path("activeVersion").asLong();
        }

        @Nullable String busId() {
            var busId = operator().get("/admin/routing/status").json().path("busId");
            return busId.isNull() || busId.isMissingNode() ? null : busId.asString();
        }

        Reply handOver(String orderId) {
            return api.post("/deliveries", DeliveryDriver.handOverJson(orderId));
        }

        void stop() {
            context.close();
        }
    }

    static Instance start(String name, String group, Duration versionCheck, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                        "--spring.application.name=relay-" + name,
                        "--relay.bus.group=" + group,
                        "--relay.bus.instance-id=" + name,
                        "--relay.routing.version-check-interval=" + versionCheck.toMillis() + "ms",
                        // this test is about routing: no relay engines or Streams apps competing for two cores
                        "--relay.outbox.enabled=false",
                        "--relay.analytics.enabled=false",
                        "--relay.kafka.lag-monitor.interval=1s"));
        arguments.addAll(List.of(more));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DeliveryRelayApplication.class)
                .initializers(new TestServersInitializer())
                .run(arguments.toArray(String[]::new));
        started.add(context);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Instance(context, new HttpApi(port));
    }

    @BeforeAll
    static void startInstances() {
        first = start("first", "delivery", Duration.ofHours(1));
        second = start("second", "delivery", Duration.ofHours(1));
        otherGroup = start("reporting", "reporting", Duration.ofHours(1));
    }

    @AfterAll
    static void stopInstances() {
        started.forEach(ConfigurableApplicationContext::close);
    }

    static String ruleSet(String note, String service) {
        return """
                {"note":"%s","ruleSet":{"timeZone":"Asia/Seoul","services":["in-house","%s"],"zones":[],
                 "rules":[{"id":"baemin-rule","priority":10,"orderServices":["baemin-orders"],
                           "split":[{"service":"%s","weight":1}]}],
                 "fallback":"in-house"}}""".formatted(note, service, service);
    }

    static long save(Instance on, String body) {
        HttpApi operator = on.operator();
        Reply saved = operator.put("/admin/routing/rule-set", body, "If-Match",
                operator.get("/admin/routing/rule-set").etag());
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        return saved.json().path("version").asLong();
    }

    @Test
    void busIdsAreGroupAndInstance() {
        assertThat(first.busId()).isEqualTo("delivery:first");
        assertThat(second.busId()).isEqualTo("delivery:second");
        assertThat(otherGroup.busId()).isEqualTo("reporting:reporting");
    }

    @Test
    void aChangeSavedOnOneInstanceReachesTheOtherInstanceOfTheGroupAndNotAnotherGroup() {
        long before = otherGroup.activeVersion();

        long version = save(first, ruleSet("to partner-a", "partner-a"));

        assertThat(first.activeVersion()).as("active where it was saved").isEqualTo(version);
        await().atMost(BUS).untilAsserted(() -> assertThat(second.activeVersion()).isEqualTo(version));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(otherGroup.activeVersion()).isEqualTo(before));

        for (Instance instance : List.of(first, second)) {
            Reply created = instance.handOver("bus-" + version + "-" + instance.busId());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.text("deliveryService")).isEqualTo("partner-a");
            assertThat(created.json().path("routingRuleSetVersion").asLong()).isEqualTo(version);
        }
    }

    @Test
    void anInstanceStartedAfterAChangeLoadsTheCurrentVersion() {
        long version = save(second, ruleSet("to partner-b", "partner-b"));

        Instance late = start("late", "delivery", Duration.ofHours(1));
        try {
            assertThat(late.activeVersion()).isEqualTo(version);
            assertThat(late.handOver("late-" + version).text("deliveryService")).isEqualTo("partner-b");
        } finally {
            late.stop();
        }
    }

    @Test
    void anInstanceThatMissesTheAnnouncementCatchesUpThroughTheVersionCheck() {
        // cut off from the bus for its whole life: only its version check can tell it about changes
        Instance deaf = start("deaf", "delivery", Duration.ofSeconds(1), "--spring.cloud.bus.enabled=false");
        try {
            long version = save(first, ruleSet("while one instance was deaf", "partner-c"));

            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(deaf.activeVersion()).isEqualTo(version));
            assertThat(deaf.busId()).isNull();
            assertThat(deaf.operator().get("/actuator/health").json().path("components").has("bus"))
                    .as("no bus, no bus component").isFalse();
            assertThat(deaf.handOver("deaf-" + version).text("deliveryService")).isEqualTo("partner-c");
        } finally {
            deaf.stop();
        }
    }

    @Test
    void healthSaysWhetherTheBusListenerRuns() {
        // its own instance: Spring Cloud Stream does not restart a stopped anonymous binding (the bus's)
        Instance stopping = start("stopping", "reporting", Duration.ofHours(1));
        try {
            HttpApi operator = stopping.operator();
            JsonNode components = operator.get("/actuator/health").json().path("components");
            assertThat(components.has("binders")).as("the binder's own indicator waits for the broker; switched off")
                    .isFalse();
            assertThat(components.path("bus").path("status").asString()).as(components.toString()).isEqualTo("UP");

            BindingService bindings = stopping.context().getBean(BindingService.class);
            List<Binding<?>> listeners = Arrays.stream(bindings.getConsumerBindingNames())
                    .flatMap(name -> bindings.getConsumerBindings(name).stream()).toList();
            assertThat(listeners).isNotEmpty();
            listeners.forEach(Binding::stop);

            Reply bus = operator.get("/actuator/health/bus");
            assertThat(bus.status()).isEqualTo(503);
            assertThat(bus.text("status")).as(bus.body()).isEqualTo("DOWN");
            assertThat(bus.json().path("details").path("listeners").path(0).path("destination").asString())
                    .isEqualTo("relay.bus");
            assertThat(bus.json().path("details").path("listeners").path(0).path("running").asBoolean(true)).isFalse();
        } finally {
            stopping.stop();
        }
    }

    @Test
    void theBusIsOneTopicOfOnePartitionReadByOneAnonymousGroupPerInstance() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestServers.get().kafka().bootstrapServers()))) {
            var topic = admin.describeTopics(Set.of("relay.bus")).allTopicNames().get().get("relay.bus");
            assertThat(topic.partitions()).hasSize(1);

            List<String> anonymous = admin.listGroups().all().get().stream().map(GroupListing::groupId)
                    .filter(group -> group.startsWith("anonymous.")).toList();
            assertThat(anonymous).as("one per running instance").hasSizeGreaterThanOrEqualTo(3);

            // a group with a real position on the bus topic, two announcements behind its end
            TopicPartition bus = new TopicPartition("relay.bus", 0);
            long before = endOffset(admin, bus);
            save(first, ruleSet("lag one", "partner-d"));
            save(first, ruleSet("lag two", "partner-e"));
            await().atMost(BUS).until(() -> endOffset(admin, bus) == before + 2);
            admin.alterConsumerGroupOffsets("bus-auditor", Map.of(bus, new OffsetAndMetadata(before))).all().get();

            // lag monitoring shows real groups and leaves the anonymous bus groups out
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(metrics(first))
                    .contains("kafka_consumer_group_lag_records{group=\"bus-auditor\",topic=\"relay.bus\"} 2.0"));
            assertThat(metrics(first)).as("no series for anonymous groups, the binder's own lag gauge included")
                    .doesNotContain("group=\"anonymous.");
        }
    }

    static long endOffset(Admin admin, TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
    }

    static String metrics(Instance instance) {
        return instance.api().anonymous().get("/actuator/prometheus").body();
    }
}
