package platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import platform.DeliveryDriver;
import platform.HttpApi;
import platform.HttpApi.Reply;
import platform.RelayIntegrationTest;
import platform.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * Every error is an RFC 9457 problem with a {@code urn:delivery-relay:problem:} type, whichever layer answers:
 * Spring MVC, the servlet container's error page, the security filters and their firewall, the body limit filter.
 */
@RelayIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class HttpErrorsIntegrationTest {

    @LocalServerPort
    int port;

    HttpApi orders;
    HttpApi operator;

    @BeforeEach
    void clients() {
        orders = new HttpApi(port);
        operator = orders.as(TestUsers.OPERATOR);
    }

    @Test
    void anUnknownPathIsA404Problem() {
        Reply reply = orders.get("/deliveries/" + UUID.randomUUID() + "/history/all");

        assertProblem(reply, 404, "not-found");
        assertThat(reply.text("detail")).doesNotContain("static resource");
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET", "POST", "PUT", "DELETE" })
    void theErrorPageIsNotAnEndpointEvenForAnonymousCallers(String method) {
        assertProblem(orders.anonymous().send(method, "/error", null, null), 404, "not-found");
        assertProblem(operator.send(method, "/error", "{}", "application/json"), 404, "not-found");
    }

    @Test
    void aWrongMethodIs405WithThePathsRealMethods() {
        Reply delete = orders.send("DELETE", "/deliveries/" + UUID.randomUUID(), null, null);
        assertProblem(delete, 405, "method-not-allowed");
        assertThat(delete.header("Allow")).contains("GET").doesNotContain("POST").doesNotContain("DELETE");

        Reply trace = orders.send("TRACE", "/deliveries/" + UUID.randomUUID(), null, null);
        assertProblem(trace, 405, "method-not-allowed");
        assertThat(trace.header("Allow")).contains("GET").doesNotContain("POST").doesNotContain("TRACE")
                .doesNotContain("PUT");

        Reply traceAdmin = operator.send("TRACE", "/admin/routing/rule-set", null, null);
        assertProblem(traceAdmin, 405, "method-not-allowed");
        assertThat(traceAdmin.header("Allow")).contains("GET").contains("PUT").doesNotContain("POST");
    }

    @Test
    void anUnsupportedBodyTypeIs415AndAnUnacceptableAnswerTypeIs406() {
        assertProblem(orders.send("POST", "/deliveries", DeliveryDriver.handOverJson("text-" + UUID.randomUUID()),
                "text/plain"), 415, "unsupported-media-type");
        assertProblem(orders.send("POST", "/deliveries", "orderService: baemin-orders", "application/yaml"), 415,
                "unsupported-media-type");
        assertProblem(orders.get("/deliveries/" + UUID.randomUUID(), "Accept", "application/yaml"), 406,
                "not-acceptable");
        assertProblem(orders.get("/deliveries?status=CREATED", "Accept", "application/xml"), 406, "not-acceptable");
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsA400NamingIt() {
        Reply status = orders.get("/deliveries?status=NOPE");
        assertProblem(status, 400, "invalid-request");
        assertThat(status.json().path("errors").get(0).path("field").asString()).isEqualTo("status");

        assertProblem(orders.get("/deliveries?status=CREATED&page=abc"), 400, "invalid-request");
        assertProblem(orders.get("/deliveries"), 400, "invalid-request");
        Reply version = operator.get("/admin/routing/rule-set/versions/abc");
        assertProblem(version, 400, "invalid-request");
        assertThat(version.json().path("errors").get(0).path("field").asString()).isEqualTo("version");
        assertProblem(operator.get("/admin/routing/rule-set/versions?limit=x"), 400, "invalid-request");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/deliveries/../admin/routing/rule-set", "/deliveries;jsessionid=ABC?status=CREATED",
            "/deliveries/x%2F..%2Fy", "/deliveries//x", "/admin/routing/rule-set;x=1" })
    void pathsTheFirewallRefusesAre400Problems(String path) {
        assertProblem(operator.get(path), 400, "rejected-request");
    }

    @Test
    void aMalformedIfMatchIsTheSame400InBothApis() {
        assertProblem(orders.post("/deliveries/" + UUID.randomUUID() + "/request-pickup-ready", "", "If-Match",
                "3"), 400, "malformed-if-match");
        assertProblem(operator.put("/admin/routing/rule-set", "{}", "If-Match", "\"3"), 400, "malformed-if-match");
    }

    @Test
    void valuesAreEscapedAndControlCharactersNeverEchoedRaw() {
        Reply body = orders.post("/deliveries", DeliveryDriver.handOverJson("bell\\u0007\\\"quoted\\\"")
                .replace("Kimbap Heaven", "Shop\\u0000"));
        assertProblem(body, 400, "invalid-request");
        assertThat(body.body()).doesNotContain("\u0007").doesNotContain("\u0000");

        Reply id = orders.get("/deliveries/%22%07%22");
        assertProblem(id, 400, "invalid-request");
        assertThat(id.body()).doesNotContain("\u0007");
        assertThat(id.json().path("instance").asString()).isEqualTo("/deliveries/%22%07%22");
    }

    @Test
    void clientMistakesLogNoError(CapturedOutput output) {
        int before = output.getAll().length();
        orders.post("/deliveries", DeliveryDriver.handOverJson("x").replace("2026-11-26T12:30:00Z",
                "+10000-01-01T00:00:00Z"));
        orders.post("/deliveries", "{not json");
        orders.get("/deliveries/not-a-uuid");
        orders.get("/error");
        operator.post("/admin/routing/dry-run", "{\"deliveries\":[{\"orderService\":\"x\",\"latitude\":1,"
                + "\"longitude\":1,\"at\":\"+999999999-12-31T23:59:59Z\"}]}");

        assertThat(output.getAll().substring(before)).doesNotContain(" ERROR ");
    }

    static void assertProblem(Reply reply, int status, String type) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).as(reply.body()).isEqualTo("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.path("type").asString()).as(reply.body()).isEqualTo(Problems.TYPE_PREFIX + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
    }
}
