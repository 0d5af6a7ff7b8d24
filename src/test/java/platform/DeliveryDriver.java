package platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import platform.HttpApi.Reply;

/** Drives deliveries through the public API, as order and delivery services would. */
public final class DeliveryDriver {

    private final HttpApi api;

    public DeliveryDriver(HttpApi api) {
        this.api = api;
    }

    public static String handOverJson(String orderId) {
        return """
                {"orderService":"baemin-orders","orderId":"%s","shopName":"Kimbap Heaven",
                 "pickup":{"address":"1 Teheran-ro, Gangnam-gu, Seoul","latitude":37.4981,"longitude":127.0276},
                 "dropoff":{"address":"20 Yeoksam-ro, Gangnam-gu, Seoul","latitude":37.4952,"longitude":127.0331},
                 "requestedAt":"2026-11-26T12:30:00Z"}""".formatted(orderId);
    }

    public String create() {
        Reply reply = api.post("/deliveries", handOverJson("order-" + UUID.randomUUID()));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.text("id");
    }

    public void step(String id, String action) {
        Reply reply = api.post("/deliveries/" + id + "/" + action,
                action.equals("assign-rider") ? "{\"riderId\":\"rider-" + id.substring(0, 8) + "\"}" : "");
        assertThat(reply.status()).as(action + ": " + reply.body()).isEqualTo(200);
    }

    /** Created, rider assigned and pick-up-ready requested at once from two threads, picked up, delivered. */
    public void wholeLife(String id, ExecutorService pairs) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Void> assign = CompletableFuture.runAsync(() -> {
            await(together);
            step(id, "assign-rider");
        }, pairs);
        CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
            await(together);
            step(id, "request-pickup-ready");
        }, pairs);
        CompletableFuture.allOf(assign, ready).get();
        step(id, "mark-picked-up");
        step(id, "mark-delivered");
    }

    /** {@code count} deliveries, each through its whole life, {@code parallel} at a time. Returns their ids. */
    public List<String> wholeLives(int count, int parallel) throws Exception {
        try (ExecutorService lives = Executors.newFixedThreadPool(parallel);
                ExecutorService pairs = Executors.newFixedThreadPool(parallel * 2)) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(lives.submit(() -> {
                    String id = create();
                    wholeLife(id, pairs);
                    return id;
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> future : futures) {
                ids.add(future.get());
            }
            return ids;
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
