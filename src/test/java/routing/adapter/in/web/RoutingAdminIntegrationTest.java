package routing.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import platform.DeliveryDriver;
import platform.DeliveryEventsProbe;
import platform.HttpApi;
import platform.HttpApi.Reply;
import platform.RelayIntegrationTest;
import platform.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * The routing admin API over real HTTP with the real security chain and the real database: who may do what,
 * lost-update protection, validation as problem details, dry runs, history, and deliveries routed by the rules
 * just saved.
 */
@RelayIntegrationTest
class RoutingAdminIntegrationTest {

    static final String RULE_SET = "/admin/routing/rule-set";

    @LocalServerPort
    int port;

    HttpApi operator;
    HttpApi viewer;

    @BeforeEach
    void clients() {
        HttpApi api = new HttpApi(port);
        operator = api.as(TestUsers.OPERATOR);
        viewer = api.as(TestUsers.VIEWER);
    }

    /** baemin-orders deliveries go to partner-a; everything else to in-house. */
    static String baeminToPartner(String note) {
        return """
                {"note":"%s","ruleSet":{"timeZone":"Asia/Seoul","services":["in-house","partner-a"],"zones":[],
                 "rules":[{"id":"baemin-to-partner","priority":10,"orderServices":["baemin-orders"],
                           "split":[{"service":"partner-a","weight":1}]}],
                 "fallback":"in-house"}}""".formatted(note);
    }

    Reply save(String body) {
        Reply current = operator.get(RULE_SET);
        return operator.put(RULE_SET, body, "If-Match", current.etag());
    }

    @Test
    void withoutCredentialsEverythingButHealthAndMetricsIsRefusedWith401() {
        HttpApi anonymous = new HttpApi(port).anonymous();

        for (String path : List.of(RULE_SET, "/admin/routing/status", "/deliveries?status=CREATED",
                "/actuator/info")) {
            Reply reply = anonymous.get(path);
            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(anonymous.post("/deliveries", DeliveryDriver.handOverJson("anon")).status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordIs401() {
        Reply reply = new HttpApi(port).as(new TestUsers.Credentials("ops", "guess")).get(RULE_SET);

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void theReadOnlyRoleReadsButCannotChangeRules() {
        Reply read = viewer.get(RULE_SET);
        assertThat(read.status()).isEqualTo(200);

        Reply write = viewer.put(RULE_SET, baeminToPartner("viewer tries"), "If-Match", read.etag());
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().path("type").asString()).isEqualTo("urn:delivery-relay:problem:forbidden");
        assertThat(viewer.post("/admin/routing/dry-run", "{}").status()).isEqualTo(403);
        assertThat(viewer.get(RULE_SET).etag()).as("unchanged").isEqualTo(read.etag());
    }

    @Test
    void orderServicesCannotReachTheAdminApiAndOperatorsCannotHandOverDeliveries() {
        assertThat(new HttpApi(port).get(RULE_SET).status()).isEqualTo(403);
        assertThat(operator.post("/deliveries", DeliveryDriver.handOverJson("ops-order")).status()).isEqualTo(403);
    }

    @Test
    void anOperatorReplacesTheRuleSetAndNewDeliveriesAreRoutedByIt() {
        Reply saved = save(baeminToPartner("baemin to the partner"));

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        long version = saved.json().path("version").asLong();
        assertThat(saved.etag()).isEqualTo("\"" + version + "\"");
        assertThat(saved.text("changedBy")).isEqualTo("ops");

        try (DeliveryEventsProbe events = DeliveryEventsProbe.onTestServers()) {
            Reply created = new HttpApi(port).post("/deliveries", DeliveryDriver.handOverJson("routed-" + version));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.text("deliveryService")).isEqualTo("partner-a");
            assertThat(created.text("routingRule")).isEqualTo("baemin-to-partner");
            assertThat(created.json().path("routingRuleSetVersion").asLong()).isEqualTo(version);

            // the created event carries the assignment to every consumer
            String id = created.text("id");
            var event = events.awaitUntil(Duration.ofSeconds(30),
                    all -> all.stream().anyMatch(e -> e.key().equals(id))).stream()
                    .filter(e -> e.key().equals(id)).findFirst().orElseThrow();
            JsonNode payload = new HttpApi.Reply(200, event.value(), "", null).json();
            assertThat(payload.path("deliveryService").asString()).isEqualTo("partner-a");
            assertThat(payload.path("routingRule").asString()).isEqualTo("baemin-to-partner");
            assertThat(payload.path("routingRuleSetVersion").asLong()).isEqualTo(version);
        }
    }

    @Test
    void aReplacementWithoutIfMatchIs428AndWithAStaleOneIs412() {
        Reply current = operator.get(RULE_SET);

        Reply missing = operator.put(RULE_SET, baeminToPartner("no if-match"));
        assertThat(missing.status()).isEqualTo(428);
        assertThat(missing.contentType()).startsWith("application/problem+json");

        assertThat(operator.put(RULE_SET, baeminToPartner("first"), "If-Match", current.etag()).status())
                .isEqualTo(200);
        Reply stale = operator.put(RULE_SET, baeminToPartner("second, edited from the same version"), "If-Match",
                current.etag());
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().path("latestVersion").asLong())
                .isEqualTo(Long.parseLong(current.etag().replace("\"", "")) + 1);
    }

    @Test
    void anInvalidRuleSetIsRefusedWithEveryViolationAndNothingIsSaved() {
        Reply before = operator.get(RULE_SET);
        String invalid = """
                {"ruleSet":{"timeZone":"Asia/Seoul","services":["in-house"],"zones":[],
                 "rules":[{"id":"lunch","priority":1,"zones":["gangnam"],"window":{"from":"11:00","to":"25:00"},
                           "split":[{"service":"partner-a","weight":70}]}],
                 "fallback":"nobody"}}""";

        Reply refused = operator.put(RULE_SET, invalid, "If-Match", before.etag());

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("type")).isEqualTo("urn:delivery-relay:problem:invalid-rule-set");
        assertThat(refused.json().path("violations").valueStream().map(v -> v.path("path").asString()).toList())
                .containsExactlyInAnyOrder("rules[0].zones[0]", "rules[0].window.to", "rules[0].split[0].service",
                        "fallback");
        assertThat(operator.get(RULE_SET).etag()).isEqualTo(before.etag());
    }

    @Test
    void aMisspeltFieldIsAViolationNotASilentlyDroppedCondition() {
        Reply before = operator.get(RULE_SET);
        String misspelt = baeminToPartner("typo").replace("\"orderServices\"", "\"orderService\"");

        Reply refused = operator.put(RULE_SET, misspelt, "If-Match", before.etag());

        assertThat(refused.status()).isEqualTo(400);
        JsonNode violation = refused.json().path("violations").get(0);
        assertThat(violation.path("path").asString()).isEqualTo("rules[0].orderService");
        assertThat(violation.path("message").asString()).contains("unknown field").contains("orderServices");
        assertThat(operator.get(RULE_SET).etag()).isEqualTo(before.etag());
    }

    @Test
    void malformedAdminRequestsAre400NotServerErrors() {
        Reply current = operator.get(RULE_SET);

        Reply longNote = operator.put(RULE_SET, baeminToPartner("n".repeat(501)), "If-Match", current.etag());
        assertThat(longNote.status()).isEqualTo(400);
        assertThat(longNote.text("detail")).contains("note");

        assertThat(operator.post("/admin/routing/dry-run", "{\"deliveries\":[null]}").status()).isEqualTo(400);
        assertThat(operator.post("/admin/routing/dry-run", "{\"deliveries\":[{\"orderService\":\"x\"}]}")
                .status()).isEqualTo(400);
        assertThat(operator.post("/admin/routing/dry-run", "{not json").status()).isEqualTo(400);
        assertThat(operator.put(RULE_SET, baeminToPartner("weak"), "If-Match", "W/" + current.etag()).status())
                .isEqualTo(412);
        assertThat(operator.put(RULE_SET, baeminToPartner("malformed"), "If-Match", "7").text("type"))
                .isEqualTo("urn:delivery-relay:problem:malformed-if-match");
        assertThat(operator.get("/admin/routing/rule-set/versions?limit=0").status()).isEqualTo(400);
    }

    @Test
    void healthDetailsAreForOperatorsAndViewersOnly() {
        Reply anonymous = new HttpApi(port).anonymous().get("/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().propertyNames()).as(anonymous.body()).containsOnly("status", "groups");

        Reply viewed = viewer.get("/actuator/health");
        assertThat(viewed.json().path("components").path("db").path("details").path("database").asString())
                .isNotBlank();
    }

    @Test
    void aDryRunRoutesSampleDeliveriesWithACandidateWithoutSavingIt() {
        Reply before = operator.get(RULE_SET);
        String dryRun = """
                {"ruleSet":%s,
                 "deliveries":[
                   {"deliveryId":"0193e1a2-0000-7000-8000-000000000001","orderService":"baemin-orders",
                    "latitude":37.4981,"longitude":127.0276},
                   {"orderService":"yogiyo","latitude":35.1,"longitude":129.0,"at":"2026-11-26T03:00:00Z"}]}"""
                .formatted(new HttpApi.Reply(200, baeminToPartner("x"), "", null).json().path("ruleSet"));

        Reply reply = operator.post("/admin/routing/dry-run", dryRun);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("ruleSetVersion").isNull()).isTrue();
        List<JsonNode> routed = reply.json().path("deliveries").valueStream().toList();
        assertThat(routed).extracting(d -> d.path("deliveryService").asString())
                .containsExactly("partner-a", "in-house");
        assertThat(routed).extracting(d -> d.path("rule").asString())
                .containsExactly("baemin-to-partner", "fallback");
        assertThat(routed.get(0).path("deliveryId").asString()).isEqualTo("0193e1a2-0000-7000-8000-000000000001");
        assertThat(operator.get(RULE_SET).etag()).as("nothing saved").isEqualTo(before.etag());
    }

    @Test
    void aDryRunOfAnInvalidCandidateListsItsViolations() {
        Reply reply = operator.post("/admin/routing/dry-run",
                "{\"ruleSet\":{\"timeZone\":\"UTC\",\"services\":[],\"fallback\":\"x\"}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("violations").valueStream().map(v -> v.path("path").asString()).toList())
                .containsExactlyInAnyOrder("services", "fallback");
    }

    @Test
    void theHistorySaysWhoChangedWhatAndWhen() {
        save(baeminToPartner("history check"));

        Reply history = viewer.get("/admin/routing/rule-set/versions?limit=5");

        assertThat(history.status()).isEqualTo(200);
        JsonNode newest = history.json().get(0);
        assertThat(newest.path("changedBy").asString()).isEqualTo("ops");
        assertThat(newest.path("note").asString()).isEqualTo("history check");
        assertThat(newest.path("changedAt").asString()).isNotBlank();
        assertThat(newest.path("changes").isArray()).isTrue();

        Reply first = viewer.get("/admin/routing/rule-set/versions/1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("ruleSet").path("fallback").asString()).isEqualTo("in-house");
        assertThat(viewer.get("/admin/routing/rule-set/versions/999999").status()).isEqualTo(404);
    }

    @Test
    void theActiveVersionOfThisInstanceIsVisible() {
        Reply saved = save(baeminToPartner("status check"));
        long version = saved.json().path("version").asLong();

        Reply status = viewer.get("/admin/routing/status");
        assertThat(status.json().path("activeVersion").asLong()).isEqualTo(version);
        assertThat(status.text("busId")).startsWith("delivery:");

        Reply info = viewer.get("/actuator/info");
        assertThat(info.json().path("routing").path("activeVersion").asLong()).isEqualTo(version);
    }

    @Test
    void prometheusDoesNotShowTheDataPath() {
        String metrics = new HttpApi(port).anonymous().get("/actuator/prometheus").body();

        assertThat(metrics).contains("disk_free_bytes").doesNotContain("path=\"/")
                .doesNotContain(java.nio.file.Path.of("").toAbsolutePath().toString());
    }

    @Test
    void onlyJsonRuleSetsAreRead() {
        Reply current = operator.get(RULE_SET);

        Reply text = operator.send("PUT", RULE_SET, baeminToPartner("as text"), "text/plain", "If-Match",
                current.etag());
        Reply yaml = operator.send("PUT", RULE_SET, "note: x", "application/yaml", "If-Match", current.etag());
        Reply dryRun = operator.send("POST", "/admin/routing/dry-run", "{}", "text/plain");

        assertThat(List.of(text.status(), yaml.status(), dryRun.status())).containsExactly(415, 415, 415);
        assertThat(text.text("type")).isEqualTo("urn:delivery-relay:problem:unsupported-media-type");
        assertThat(operator.get(RULE_SET).etag()).as("nothing saved").isEqualTo(current.etag());
    }

    @Test
    void aWeightIsAWholeNumberNeverTruncatedOrCoerced() {
        Reply current = operator.get(RULE_SET);
        for (String weight : List.of("1.5", "\"70\"", "true")) {
            Reply refused = operator.put(RULE_SET, baeminToPartner("weight check").replace("\"weight\":1",
                    "\"weight\":" + weight), "If-Match", current.etag());
            assertThat(refused.status()).as(weight + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.text("type")).as(refused.body()).isEqualTo("urn:delivery-relay:problem:invalid-rule-set");
            assertThat(refused.json().path("violations").get(0).path("path").asString())
                    .isEqualTo("rules[0].split[0].weight");
        }
        assertThat(operator.get(RULE_SET).etag()).as("nothing saved").isEqualTo(current.etag());
    }

    @Test
    void aRuleCalledFallbackIsRefused() {
        Reply refused = save(baeminToPartner("ambiguous").replace("\"baemin-to-partner\"", "\"fallback\""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("violations").get(0).path("path").asString()).isEqualTo("rules[0].id");
    }

    @Test
    void aDryRunRefusesImpossibleSamplesWith400() {
        for (String sample : List.of("\"latitude\":91,\"longitude\":0", "\"latitude\":0,\"longitude\":500",
                "\"latitude\":0,\"longitude\":0,\"at\":\"+999999999-12-31T23:59:59Z\"",
                "\"latitude\":0,\"longitude\":0,\"at\":\"+10000-01-01T00:00:00Z\"",
                "\"latitude\":\"37.5\",\"longitude\":0")) {
            Reply reply = operator.post("/admin/routing/dry-run",
                    "{\"deliveries\":[{\"orderService\":\"x\"," + sample + "}]}");
            assertThat(reply.status()).as(sample + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.contentType()).isEqualTo("application/problem+json");
        }
    }

    @Test
    void tenConcurrentReplacementsWithStarAllApplyOneAfterAnother() throws Exception {
        long before = Long.parseLong(operator.get(RULE_SET).etag().replace("\"", ""));

        List<Reply> replies = concurrently(10, i -> operator.put(RULE_SET, baeminToPartner("star " + i), "If-Match",
                "*"));

        assertThat(replies).extracting(Reply::status).containsOnly(200);
        assertThat(replies).extracting(r -> r.json().path("version").asLong()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.rangeClosed(before + 1, before + 10).boxed().toList());
        assertThat(operator.get(RULE_SET).etag()).isEqualTo("\"" + (before + 10) + "\"");
    }

    @Test
    void tenConcurrentReplacementsWithTheSameStrongTagLetExactlyOneWin() throws Exception {
        String read = operator.get(RULE_SET).etag();

        List<Reply> replies = concurrently(10, i -> operator.put(RULE_SET, baeminToPartner("strong " + i), "If-Match",
                read));

        assertThat(replies).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(replies).filteredOn(r -> r.status() == 412).hasSize(9)
                .allSatisfy(r -> assertThat(r.text("type"))
                        .isEqualTo("urn:delivery-relay:problem:rule-set-version-mismatch"));
    }

    private static List<Reply> concurrently(int callers, java.util.function.IntFunction<Reply> call)
            throws Exception {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(callers)) {
            List<java.util.concurrent.Future<Reply>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int caller = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(caller);
                }));
            }
            start.countDown();
            List<Reply> replies = new java.util.ArrayList<>();
            for (var future : futures) {
                replies.add(future.get());
            }
            return replies;
        }
    }
}
