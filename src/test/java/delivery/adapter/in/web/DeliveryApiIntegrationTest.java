package delivery.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import platform.DeliveryDriver;
import platform.HttpApi;
import platform.HttpApi.Reply;
import platform.OutboxRows;
import platform.RelayIntegrationTest;

/**
 * The delivery API end to end over HTTP, against the real MariaDB: every change is one row update plus one outbox
 * row in the shard its delivery id hashes to, and nothing else.
 */
@RelayIntegrationTest
class DeliveryApiIntegrationTest {

    private static final int SHARDS = OutboxRows.SHARDS;

    @LocalServerPort
    int port;

    @Autowired
    DSLContext sql;

    HttpApi api;

    @BeforeEach
    void client() {
        api = new HttpApi(port);
    }

    @Test
    void walksOneDeliveryToDeliveredWithOneOutboxRowPerChangeInItsShard() {
        Reply created = api.post("/deliveries", handOver(newOrderId()));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.etag()).isEqualTo("\"1\"");
        String id = created.text("id");

        assertThat(api.post("/deliveries/" + id + "/assign-rider", "{\"riderId\":\"rider-7\"}").text("status"))
                .isEqualTo("RIDER_ASSIGNED");
        assertThat(api.post("/deliveries/" + id + "/request-pickup-ready", "").text("status"))
                .isEqualTo("PICKUP_READY_REQUESTED");
        assertThat(api.post("/deliveries/" + id + "/mark-picked-up", "").text("status")).isEqualTo("PICKED_UP");
        Reply delivered = api.post("/deliveries/" + id + "/mark-delivered", "");
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(delivered.text("status")).isEqualTo("DELIVERED");
        assertThat(delivered.etag()).isEqualTo("\"5\"");

        Result<Record> rows = outboxRows(id);
        assertThat(rows.getValues("event_type", String.class)).containsExactly("DeliveryCreated", "RiderAssigned",
                "PickupReadyRequested", "DeliveryPickedUp", "DeliveryDelivered");
        assertThat(rows.getValues("sequence", Long.class)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(rows.getValues("event_id", String.class)).doesNotHaveDuplicates();
        assertThat(rowsInOtherShards(id)).isZero();

        var payload = new tools.jackson.databind.json.JsonMapper().readTree(rows.get(1).get("payload").toString());
        assertThat(payload.path("eventType").asString()).isEqualTo("RiderAssigned");
        assertThat(payload.path("deliveryId").asString()).isEqualTo(id);
        assertThat(payload.path("sequence").asLong()).isEqualTo(2);
        assertThat(payload.path("riderId").asString()).isEqualTo("rider-7");
        assertThat(payload.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(payload.path("occurredAt").asString()).isNotBlank();

        assertThat(api.get("/deliveries/" + id).text("status")).isEqualTo("DELIVERED");
    }

    @Test
    void handingTheSameOrderOverAgainReturnsTheSameDeliveryWithoutWritingAnything() {
        String orderId = newOrderId();
        Reply first = api.post("/deliveries", handOver(orderId));
        Reply again = api.post("/deliveries", handOver(orderId));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(first.text("id"));
        assertThat(outboxRows(first.text("id"))).hasSize(1);
    }

    @Test
    void concurrentHandOversOfOneOrderCreateExactlyOneDelivery() throws Exception {
        String orderId = newOrderId();
        int callers = 16;
        List<Reply> replies = concurrently(callers, () -> api.post("/deliveries", handOver(orderId)));

        assertThat(replies).extracting(Reply::status).containsOnly(200, 201);
        assertThat(replies).filteredOn(r -> r.status() == 201).hasSize(1);
        Set<String> ids = replies.stream().map(r -> r.text("id")).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        assertThat(sql.fetchCount(sql.selectFrom("delivery").where("order_service = 'baemin-orders'")
                .and("order_id = ?", orderId))).isOne();
        assertThat(outboxRows(ids.iterator().next())).hasSize(1);
    }

    @Test
    void theSameOrderWithDifferentDetailsIsAConflict() {
        String orderId = newOrderId();
        String id = api.post("/deliveries", handOver(orderId)).text("id");

        Reply conflict = api.post("/deliveries", handOver(orderId).replace("Kimbap Heaven", "Another Shop"));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).isEqualTo("application/problem+json");
        assertThat(conflict.text("type")).isEqualTo("urn:delivery-relay:problem:conflicting-hand-over");
        assertThat(conflict.text("existingDeliveryId")).isEqualTo(id);
    }

    @Test
    void riderAssignmentAndPickupReadyRequestedAtOnceBothCommitInSequence() throws Exception {
        for (int round = 0; round < 10; round++) {
            String id = api.post("/deliveries", handOver(newOrderId())).text("id");
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Reply>> both = List.of(
                    () -> { start.await(); return api.post("/deliveries/" + id + "/assign-rider", "{\"riderId\":\"r-1\"}"); },
                    () -> { start.await(); return api.post("/deliveries/" + id + "/request-pickup-ready", ""); });
            List<Reply> replies = runAll(both, start);

            assertThat(replies).extracting(Reply::status).containsOnly(200);
            Reply now = api.get("/deliveries/" + id);
            assertThat(now.text("status")).isEqualTo("PICKUP_READY_REQUESTED");
            assertThat(now.text("riderId")).isEqualTo("r-1");
            Result<Record> rows = outboxRows(id);
            assertThat(rows.getValues("sequence", Long.class)).containsExactly(1L, 2L, 3L);
            assertThat(rows.getValues("event_type", String.class)).containsExactlyInAnyOrder("DeliveryCreated",
                    "RiderAssigned", "PickupReadyRequested");
        }
    }

    @Test
    void aStaleIfMatchIsAConcurrentUpdateConflictAndChangesNothing() {
        String id = api.post("/deliveries", handOver(newOrderId())).text("id");
        api.post("/deliveries/" + id + "/assign-rider", "{\"riderId\":\"rider-1\"}", "If-Match", "\"1\"");

        Reply stale = api.post("/deliveries/" + id + "/request-pickup-ready", "", "If-Match", "\"1\"");

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text("type")).isEqualTo("urn:delivery-relay:problem:concurrent-update");
        assertThat(api.get("/deliveries/" + id).text("status")).isEqualTo("RIDER_ASSIGNED");
        assertThat(outboxRows(id)).hasSize(2);
        assertThat(api.post("/deliveries/" + id + "/request-pickup-ready", "", "If-Match", "\"2\"").status())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{1} after {0} is illegal")
    @CsvSource({
            "CREATED, mark-picked-up",
            "CREATED, mark-delivered",
            "RIDER_ASSIGNED, mark-delivered",
            "PICKUP_READY_REQUESTED, mark-delivered",
            "PICKED_UP, request-pickup-ready",
            "DELIVERED, assign-rider",
            "DELIVERED, request-pickup-ready",
            "DELIVERED, cancel",
            "CANCELLED, assign-rider",
            "CANCELLED, request-pickup-ready",
            "CANCELLED, mark-picked-up",
            "CANCELLED, mark-delivered",
            "RIDER_ASSIGNED, assign-rider-other"
    })
    void illegalTransitionsAreConflictsAndWriteNothing(String state, String action) {
        String id = deliveryIn(state);
        long eventsBefore = outboxRows(id).size();
        String version = api.get("/deliveries/" + id).etag();

        Reply reply = action.equals("assign-rider-other")
                ? api.post("/deliveries/" + id + "/assign-rider", "{\"riderId\":\"someone-else\"}")
                : api.post("/deliveries/" + id + "/" + action, action.equals("assign-rider") ? "{\"riderId\":\"x\"}" : "");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.text("type")).isEqualTo("urn:delivery-relay:problem:illegal-transition");
        assertThat(api.get("/deliveries/" + id).etag()).isEqualTo(version);
        assertThat(outboxRows(id)).hasSize((int) eventsBefore);
    }

    @Test
    void repeatingAChangeAlreadyMadeAnswersTheCurrentStateAndWritesNothing() {
        String id = deliveryIn("PICKED_UP");

        assertThat(api.post("/deliveries/" + id + "/assign-rider", "{\"riderId\":\"rider-7\"}").status()).isEqualTo(200);
        assertThat(api.post("/deliveries/" + id + "/mark-picked-up", "").status()).isEqualTo(200);
        assertThat(api.get("/deliveries/" + id).text("status")).isEqualTo("PICKED_UP");
        assertThat(outboxRows(id)).hasSize(3);
    }

    @Test
    void cancellingFromAnyLiveStateRecordsWhereItWasCancelled() {
        String id = deliveryIn("PICKUP_READY_REQUESTED");

        Reply cancelled = api.post("/deliveries/" + id + "/cancel", "{\"reason\":\"customer cancelled the order\"}");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.text("cancelReason")).isEqualTo("customer cancelled the order");
        Record last = outboxRows(id).get(3);
        assertThat(last.get("event_type")).isEqualTo("DeliveryCancelled");
        assertThat(last.get("payload").toString()).contains("\"cancelledIn\"").contains("PICKUP_READY_REQUESTED");
    }

    @Test
    void aFailingOutboxWriteRollsBackTheDeliveryChange() {
        String id = api.post("/deliveries", handOver(newOrderId())).text("id");
        // Occupy sequence 2 of this delivery in its shard: the outbox insert of the next event then fails in the
        // database itself (unique aggregate_id + sequence), after the delivery row was already updated.
        String table = "outbox_delivery_" + shardOf(id);
        sql.execute("insert into " + table + " (event_id, aggregate_type, aggregate_id, event_type, sequence,"
                + " occurred_at, payload, headers) values (?, 'delivery', ?, 'Planted', 2, now(6), '{}', '{}')",
                UUID.randomUUID().toString(), id);

        Reply failed = api.post("/deliveries/" + id + "/assign-rider", "{\"riderId\":\"rider-1\"}");

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.contentType()).isEqualTo("application/problem+json");
        assertThat(failed.text("type")).as("rolled back, so known: nothing changed")
                .isEqualTo("urn:delivery-relay:problem:internal-error");
        assertThat(failed.text("detail")).contains("nothing was changed");
        Reply after = api.get("/deliveries/" + id);
        assertThat(after.text("status")).isEqualTo("CREATED");
        assertThat(after.etag()).isEqualTo("\"1\"");
        assertThat(outboxRows(id).getValues("event_type", String.class)).containsExactly("DeliveryCreated", "Planted");
    }

    @Test
    void listsDeliveriesByStatusNewestFirstWithPaging() {
        String older = deliveryIn("PICKED_UP");
        String newer = deliveryIn("PICKED_UP");

        Reply page = api.get("/deliveries?status=PICKED_UP&page=0&size=1");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("items").get(0).path("id").asString()).isEqualTo(newer);
        assertThat(page.json().path("hasNext").asBoolean()).isTrue();
        List<String> all = new ArrayList<>();
        api.get("/deliveries?status=PICKED_UP&size=100").json().path("items")
                .forEach(item -> all.add(item.path("id").asString()));
        assertThat(all).containsSubsequence(newer, older);

        assertThat(api.get("/deliveries?status=NOPE").status()).isEqualTo(400);
        assertThat(api.get("/deliveries?status=CREATED&size=1000").status()).isEqualTo(400);
        assertThat(api.get("/deliveries").status()).isEqualTo(400);
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        Reply reply = api.post("/deliveries", "{\"orderService\": ");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.text("type")).isEqualTo("urn:delivery-relay:problem:malformed-request");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheField() {
        Reply reply = api.post("/deliveries", handOver(newOrderId()).replace("37.4981", "\"north\""));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("detail")).contains("pickup.latitude");
    }

    @Test
    void missingAndInvalidFieldsAreAllListed() {
        Reply reply = api.post("/deliveries", """
                {"orderService":"bad service","orderId":"","pickup":{"address":"x","latitude":91,"longitude":0}}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("type")).isEqualTo("urn:delivery-relay:problem:invalid-request");
        List<String> fields = new ArrayList<>();
        reply.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("orderService", "orderId", "shopName", "pickup.latitude",
                "dropoff", "requestedAt");
        assertThat(api.post("/deliveries/" + UUID.randomUUID() + "/assign-rider", "{}").status()).isEqualTo(400);
    }

    @Test
    void anOversizedBodyIsRefusedWith413WhetherItsSizeIsDeclaredOrNot() {
        String huge = handOver(newOrderId()).replace("Kimbap Heaven", "K".repeat(40_000));

        Reply declared = api.post("/deliveries", huge);
        Reply chunked = api.post("/deliveries", HttpApi.chunked(huge.getBytes(StandardCharsets.UTF_8)));

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.contentType()).isEqualTo("application/problem+json");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.text("type")).isEqualTo("urn:delivery-relay:problem:body-too-large");
    }

    @Test
    void unknownAndMalformedIdsAre404And400() {
        Reply unknown = api.get("/deliveries/" + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("type")).isEqualTo("urn:delivery-relay:problem:delivery-not-found");
        assertThat(api.post("/deliveries/" + UUID.randomUUID() + "/mark-picked-up", "").status()).isEqualTo(404);
        assertThat(api.get("/deliveries/not-a-uuid").status()).isEqualTo(400);
    }

    private String deliveryIn(String state) {
        String id = api.post("/deliveries", handOver(newOrderId())).text("id");
        List<String> steps = switch (state) {
            case "CREATED" -> List.of();
            case "RIDER_ASSIGNED" -> List.of("assign-rider");
            case "PICKUP_READY_REQUESTED" -> List.of("assign-rider", "request-pickup-ready");
            // pick-up without a pick-up-ready request is legal: the rider may arrive when the food is ready
            case "PICKED_UP" -> List.of("assign-rider", "mark-picked-up");
            case "DELIVERED" -> List.of("assign-rider", "mark-picked-up", "mark-delivered");
            case "CANCELLED" -> List.of("cancel");
            default -> throw new IllegalArgumentException(state);
        };
        for (String step : steps) {
            Reply reply = api.post("/deliveries/" + id + "/" + step,
                    step.equals("assign-rider") ? "{\"riderId\":\"rider-7\"}" : "");
            assertThat(reply.status()).as(step).isEqualTo(200);
        }
        return id;
    }

    private Result<Record> outboxRows(String deliveryId) {
        return sql.fetch("select * from outbox_delivery_" + shardOf(deliveryId) + " where aggregate_id = ? order by id",
                deliveryId);
    }

    private int rowsInOtherShards(String deliveryId) {
        int rows = 0;
        for (int shard = 0; shard < SHARDS; shard++) {
            if (shard != shardOf(deliveryId)) {
                rows += sql.fetchCount(sql.selectFrom("outbox_delivery_" + shard).where("aggregate_id = ?", deliveryId));
            }
        }
        return rows;
    }

    private static int shardOf(String deliveryId) {
        return OutboxRows.shardOf(deliveryId);
    }

    private static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    static String handOver(String orderId) {
        return DeliveryDriver.handOverJson(orderId);
    }

    private static <T> List<T> concurrently(int callers, Callable<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            calls.add(() -> {
                start.await();
                return call.call();
            });
        }
        return runAll(calls, start);
    }

    private static <T> List<T> runAll(List<Callable<T>> calls, CountDownLatch start) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.size())) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
