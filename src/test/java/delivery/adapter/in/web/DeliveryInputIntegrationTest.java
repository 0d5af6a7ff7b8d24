package delivery.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import platform.DeliveryDriver;
import platform.HttpApi;
import platform.HttpApi.Reply;
import platform.RelayIntegrationTest;

/**
 * Bad input over real HTTP against the real MariaDB: refused with a 4xx problem, or stored exactly as answered;
 * never a 500, never a value stored differently from what the answer and the event say.
 */
@RelayIntegrationTest
class DeliveryInputIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    DSLContext sql;

    HttpApi api;

    @BeforeEach
    void client() {
        api = new HttpApi(port);
    }

    @ParameterizedTest
    @ValueSource(strings = { "+10000-01-01T00:00:00Z", "1582-10-10T00:00:00Z", "0000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z", "0999-12-31T23:59:59Z", "1969-12-31T23:59:59Z" })
    void aRequestedTimeOutsideTheStorableRangeIs400(String requestedAt) {
        Reply reply = api.post("/deliveries", handOver(orderId()).replace("2026-11-26T12:30:00Z", requestedAt));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.text("type")).isEqualTo("urn:delivery-relay:problem:invalid-request");
        assertThat(reply.json().path("errors").get(0).path("field").asString()).isEqualTo("requestedAt");
    }

    @ParameterizedTest
    @ValueSource(strings = { "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "2026-11-26T12:30:00.123456Z" })
    void theEndsOfTheRangeAreStoredExactlyAndAnIdenticalRetryIsTheSameDelivery(String requestedAt) {
        String body = handOver(orderId()).replace("2026-11-26T12:30:00Z", requestedAt);
        Reply created = api.post("/deliveries", body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.text("requestedAt")).isEqualTo(requestedAt);
        LocalDateTime stored = sql.fetchOne("select requested_at from delivery where id = ?", created.text("id"))
                .get(0, LocalDateTime.class);
        assertThat(stored).isEqualTo(LocalDateTime.ofInstant(java.time.Instant.parse(requestedAt),
                java.time.ZoneOffset.UTC));
        assertThat(api.post("/deliveries", body).status()).as("identical retry").isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"orderService\": \"baemin-orders\"|\"orderService\": 123",
            "\"orderService\": \"baemin-orders\"|\"orderService\": true",
            "\"latitude\":37.4981|\"latitude\":\"37.4981\"",
            "\"requestedAt\":\"2026-11-26T12:30:00Z\"|\"requestedAt\":1764160200",
            "\"shopName\":\"Kimbap Heaven\"|\"shopName\":\"\\ud800abc\"",
            "\"shopName\":\"Kimbap Heaven\"|\"shopName\":\"abc\\udfff\"" })
    void valuesOfTheWrongTypeAndLoneSurrogatesAre400(String valid, String invalid) {
        String body = handOver(orderId()).replace("\"orderService\":\"baemin-orders\"",
                "\"orderService\": \"baemin-orders\"");
        assertThat(body).contains(valid);

        Reply reply = api.post("/deliveries", body.replace(valid, invalid));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.text("type")).isEqualTo("urn:delivery-relay:problem:malformed-request");
    }

    @Test
    void riderIdsOfTheWrongTypeOrWithLoneSurrogatesOrControlCharactersAre400() {
        String id = new DeliveryDriver(api).create();
        for (String rider : List.of("{\"riderId\":7}", "{\"riderId\":\"\\ud800abc\"}", "{\"riderId\":\"r\\u0007\"}",
                "{\"riderId\":\"r\\u200b1\"}")) {
            Reply reply = api.post("/deliveries/" + id + "/assign-rider", rider);
            assertThat(reply.status()).as(rider + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.body()).doesNotContain("\u0007").doesNotContain("\u200b");
        }
        assertThat(api.get("/deliveries/" + id).text("status")).isEqualTo("CREATED");
    }

    @Test
    void coordinatesWithManyDecimalsAreRoundedToSixAndStoredAsAnswered() {
        String body = handOver(orderId()).replace("37.4981", "37.461200000000005").replace("127.0276",
                "127.02765449999999");
        Reply created = api.post("/deliveries", body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("pickup").path("latitude").decimalValue()).isEqualByComparingTo("37.4612");
        assertThat(created.json().path("pickup").path("longitude").decimalValue())
                .isEqualByComparingTo("127.027654");
        Record row = sql.fetchOne("select pickup_latitude, pickup_longitude from delivery where id = ?",
                created.text("id"));
        assertThat(row.get(0, java.math.BigDecimal.class)).isEqualByComparingTo("37.4612");
        assertThat(row.get(1, java.math.BigDecimal.class)).isEqualByComparingTo("127.027654");
        assertThat(api.post("/deliveries", body).status()).as("identical retry").isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "Ab-1|ab-1", "TS-1|'TS-1 '", "ss-1|ß-1", "é-1|e\u0301-1", "A-1|Ａ-1" })
    void identifiersThatDifferInAnyByteAreDifferentOrders(String first, String second) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Reply one = api.post("/deliveries", handOver(run + first));
        Reply other = api.post("/deliveries", handOver(run + second).replace("Kimbap Heaven", "Another Shop"));

        assertThat(one.status()).as(one.body()).isEqualTo(201);
        assertThat(other.status()).as(other.body()).isEqualTo(201);
        assertThat(other.text("id")).isNotEqualTo(one.text("id"));
        assertThat(other.text("orderId")).isEqualTo(run + second);
        assertThat(sql.fetchValue("select order_id from delivery where id = ?", other.text("id")))
                .isEqualTo(run + second);
    }

    @Test
    void differentlyCasedOrderServicesAreDifferentToo() {
        String order = orderId();
        Reply lower = api.post("/deliveries", handOver(order));
        Reply upper = api.post("/deliveries", handOver(order).replace("\"baemin-orders\"", "\"Baemin-Orders\""));

        assertThat(lower.status()).isEqualTo(201);
        assertThat(upper.status()).as(upper.body()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{01a21611-9cea-7c5d-bf58-820a3cf16a01}", "1-1-1-1-1", "01a216119cea7c5dbf58820a3cf16a01",
            "01a21611-9cea-7c5d-bf58-820a3cf16a01x" })
    void nonCanonicalUuidsAreNotIds(String id) {
        Reply reply = api.get("/deliveries/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.text("type")).isEqualTo("urn:delivery-relay:problem:invalid-request");
    }

    @Test
    void ifMatchHasOneMeaningStrongTagsListsAndStar() {
        String id = new DeliveryDriver(api).create();

        Reply weak = api.post("/deliveries/" + id + "/request-pickup-ready", "", "If-Match", "W/\"1\"");
        assertThat(weak.status()).as("weak tags never match").isEqualTo(409);
        assertThat(weak.text("type")).isEqualTo("urn:delivery-relay:problem:concurrent-update");

        Reply malformed = api.post("/deliveries/" + id + "/request-pickup-ready", "", "If-Match", "1");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text("type")).isEqualTo("urn:delivery-relay:problem:malformed-if-match");

        assertThat(api.post("/deliveries/" + id + "/request-pickup-ready", "", "If-Match", "\"7\", \"1\"").status())
                .as("a list matches when one of its tags does").isEqualTo(200);
        Reply star = api.post("/deliveries/" + id + "/assign-rider", "{\"riderId\":\"r-1\"}", "If-Match", "*");
        assertThat(star.status()).as("* matches any current version").isEqualTo(200);
        assertThat(star.etag()).isEqualTo("\"3\"");
        assertThat(api.post("/deliveries/" + UUID.randomUUID() + "/mark-picked-up", "", "If-Match", "*").status())
                .as("* needs a current representation").isEqualTo(404);
    }

    @Test
    void textBodiesAndYamlAreRefusedOnlyJsonIsSpoken() {
        List<Integer> statuses = new ArrayList<>();
        statuses.add(api.send("POST", "/deliveries", handOver(orderId()), "text/plain").status());
        statuses.add(api.send("POST", "/deliveries", "orderService: x", "application/yaml").status());
        statuses.add(api.get("/deliveries?status=CREATED", "Accept", "application/yaml").status());
        assertThat(statuses).containsExactly(415, 415, 406);
    }

    private static String orderId() {
        return "order-" + UUID.randomUUID();
    }

    private static String handOver(String orderId) {
        return DeliveryDriver.handOverJson(orderId.replace("\\", "\\\\").replace("\"", "\\\""));
    }
}
