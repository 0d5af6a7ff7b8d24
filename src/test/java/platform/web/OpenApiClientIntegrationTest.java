package platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import apiclient.ApiClient;
import apiclient.ApiException;
import apiclient.api.DeliveriesApi;
import apiclient.api.RoutingApi;
import apiclient.model.AssignRiderRequest;
import apiclient.model.CancelRequest;
import apiclient.model.DeliveryResponse;
import apiclient.model.DeliveryResponse.StatusEnum;
import apiclient.model.HandOverRequest;
import apiclient.model.PlaceJson;
import platform.HttpObservations;
import platform.RelayIntegrationTest;
import platform.TestUsers;
import platform.TestUsers.Credentials;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client generated at build time from the committed {@code docs/contracts/openapi.json} (openapi-generator, Java
 * {@code native} library; see the pom) walks a delivery through its whole life against the real application: if
 * the document stops describing what the service does, this client stops working.
 */
@RelayIntegrationTest
class OpenApiClientIntegrationTest {

    @LocalServerPort
    int port;

    DeliveriesApi deliveries;
    RoutingApi routing;

    @BeforeEach
    void clients() {
        deliveries = new DeliveriesApi(client(TestUsers.ORDER_SERVICE));
        routing = new RoutingApi(client(TestUsers.OPERATOR));
    }

    ApiClient client(Credentials user) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        String basic = Base64.getEncoder().encodeToString((user.user() + ":" + user.password())
                .getBytes(StandardCharsets.UTF_8));
        client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + basic));
        // what this client sees counts for the document's coverage check like any other test's exchanges
        client.setResponseInterceptor(response -> HttpObservations.record(response.request().method(),
                response.request().uri(), response.statusCode()));
        return client;
    }

    @Test
    void aGeneratedClientWalksADeliveryThroughItsWholeLife() throws ApiException {
        HandOverRequest handOver = new HandOverRequest().orderService("baemin-orders")
                .orderId("client-" + UUID.randomUUID()).shopName("Kimbap Heaven")
                .pickup(new PlaceJson().address("1 Teheran-ro").latitude(new BigDecimal("37.4981"))
                        .longitude(new BigDecimal("127.0276")))
                .dropoff(new PlaceJson().address("20 Yeoksam-ro").latitude(new BigDecimal("37.4952"))
                        .longitude(new BigDecimal("127.0331")))
                .requestedAt(OffsetDateTime.parse("2026-11-26T12:30:00Z"));

        DeliveryResponse created = deliveries.handOverDelivery(handOver);
        String id = created.getId().toString();
        assertThat(created.getStatus()).isEqualTo(StatusEnum.CREATED);
        assertThat(created.getVersion()).isEqualTo(1L);

        assertThat(deliveries.assignRider(id, new AssignRiderRequest().riderId("rider-7"), "\"1\"").getStatus())
                .isEqualTo(StatusEnum.RIDER_ASSIGNED);
        assertThat(deliveries.requestPickupReady(id, null).getStatus())
                .isEqualTo(StatusEnum.PICKUP_READY_REQUESTED);
        assertThat(deliveries.markPickedUp(id, "*").getStatus()).isEqualTo(StatusEnum.PICKED_UP);
        DeliveryResponse delivered = deliveries.markDelivered(id, "\"4\"");
        assertThat(delivered.getStatus()).isEqualTo(StatusEnum.DELIVERED);
        assertThat(delivered.getVersion()).isEqualTo(5L);
        assertThat(delivered.getRiderId()).isEqualTo("rider-7");

        assertThat(deliveries.getDelivery(id).getStatus()).isEqualTo(StatusEnum.DELIVERED);
        assertThat(deliveries.listDeliveries("DELIVERED", 0, 100).getItems())
                .extracting(DeliveryResponse::getId).contains(created.getId());

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> deliveries.cancelDelivery(id, null, new CancelRequest().reason("too late")));
        assertThat(refused.getCode()).isEqualTo(409);
        assertThat(JsonMapper.builder().build().readTree(refused.getResponseBody()).path("type").asString())
                .isEqualTo(Problems.TYPE_PREFIX + "illegal-transition");
    }

    @Test
    void theOperatorsSideReadsTheRuleSetAndItsHistory() throws ApiException {
        assertThat(routing.getRuleSet().getVersion()).isPositive();
        assertThat(routing.getRuleSetHistory(5)).isNotEmpty();
        assertThat(routing.getRoutingStatus().getActiveVersion()).isPositive();
    }
}
