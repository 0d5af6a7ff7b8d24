package analytics.adapter.in.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import delivery.DeliveryRelayApplication;
import platform.HttpApi;
import platform.TestServersInitializer;
import platform.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * Several instances of the application on one host, as an operator starts them from a plain shell (no
 * {@code HOSTNAME}): each derives its own static member id; and a member id that two instances share after all
 * (set by hand) fences one of them, whose health then says so instead of staying UP.
 */
class AnalyticsStreamsHealthIntegrationTest {

    static final List<ConfigurableApplicationContext> started = new ArrayList<>();

    static HttpApi start(String... arguments) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                // this test is about the Streams client: no relay engines competing for two cores
                "--relay.outbox.enabled=false"));
        args.addAll(List.of(arguments));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DeliveryRelayApplication.class)
                .initializers(new TestServersInitializer())
                .run(args.toArray(String[]::new));
        started.add(context);
        return new HttpApi(((WebServerApplicationContext) context).getWebServer().getPort()).as(TestUsers.VIEWER);
    }

    static JsonNode health(HttpApi api) {
        return api.get("/actuator/health/analyticsStreams").json();
    }

    @AfterAll
    static void stop() {
        started.reversed().forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void instancesGetTheirOwnMemberIdsAndAFencedOneIsReportedDown() {
        HttpApi first = start();
        HttpApi second = start();
        await().atMost(Duration.ofSeconds(90)).until(() -> "UP".equals(health(first).path("status").asString())
                && "UP".equals(health(second).path("status").asString()));
        String firstId = health(first).path("details").path("groupInstanceId").asString();
        String secondId = health(second).path("details").path("groupInstanceId").asString();
        assertThat(firstId).startsWith("delivery-relay-analytics-").isNotEqualTo(secondId);

        // what the HOSTNAME default used to do: a third instance with the first one's id
        HttpApi twin = start("--spring.kafka.streams.properties.group.instance.id=" + firstId);

        await().atMost(Duration.ofSeconds(90)).until(() -> "DOWN".equals(health(first).path("status").asString()));
        JsonNode fenced = health(first).path("details");
        assertThat(fenced.path("state").asString()).isIn("ERROR", "PENDING_ERROR");
        assertThat(fenced.path("lastFailure").asString()).contains("FencedInstanceIdException");
        await().atMost(Duration.ofSeconds(90)).until(() -> "UP".equals(health(twin).path("status").asString()));
        assertThat(health(second).path("status").asString()).isEqualTo("UP");
    }
}
