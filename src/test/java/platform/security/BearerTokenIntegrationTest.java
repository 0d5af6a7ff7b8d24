package platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import platform.DeliveryDriver;
import platform.RelayIntegrationTest;
import platform.TestTokens;

/**
 * Services call with signed bearer tokens (OAuth2 resource server), next to HTTP Basic for people: a token of a
 * trusted issuer, for this service, with a role, is let in with that role; anything else is a 401 problem with a
 * Bearer challenge. Over real HTTP with the real security chain.
 */
@RelayIntegrationTest
class BearerTokenIntegrationTest {

    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    HttpResponse<String> handOver(String authorization) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/deliveries"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DeliveryDriver.handOverJson("bearer-" + UUID.randomUUID())))
                .timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOrderServiceWithAValidTokenHandsOverDeliveries() throws Exception {
        HttpResponse<String> reply = handOver("Bearer " + TestTokens.valid("baemin", "ORDER_SERVICE"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
    }

    @Test
    void theSchemeNameIsReadInAnyCase() throws Exception {
        HttpResponse<String> reply = handOver("bearer " + TestTokens.valid("baemin", "ORDER_SERVICE"));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
    }

    @Test
    void aMalformedTokenIs401WithABearerChallenge() throws Exception {
        for (String header : new String[] { "Bearer a b", "Bearer " + TestTokens.valid("baemin", "ORDER_SERVICE") + "!",
                "Bearer =" }) {
            HttpResponse<String> reply = handOver(header);

            assertThat(reply.statusCode()).as(header).isEqualTo(401);
            assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
            assertThat(reply.body()).contains("urn:delivery-relay:problem:invalid-token");
        }
    }

    @Test
    void aTokenWithoutTheRoleIsForbidden() throws Exception {
        HttpResponse<String> reply = handOver("Bearer " + TestTokens.valid("dashboard", "VIEWER"));

        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(reply.body()).contains("urn:delivery-relay:problem:forbidden");
    }

    @Test
    void expiredForeignSignedWrongAudienceOrGarbledTokensAre401WithABearerChallenge() throws Exception {
        Instant later = Instant.now().plus(Duration.ofHours(1));
        String[] refused = {
                TestTokens.token(TestTokens.trusted(), TestTokens.ISSUER, TestTokens.AUDIENCE,
                        Instant.now().minus(Duration.ofMinutes(5)), "baemin", "ORDER_SERVICE"),
                TestTokens.token(TestTokens.generate(), TestTokens.ISSUER, TestTokens.AUDIENCE, later, "baemin",
                        "ORDER_SERVICE"),
                TestTokens.token(TestTokens.trusted(), TestTokens.ISSUER, "another-service", later, "baemin",
                        "ORDER_SERVICE"),
                "not-a-jwt" };
        for (String token : refused) {
            HttpResponse<String> reply = handOver("Bearer " + token);

            assertThat(reply.statusCode()).as(token).isEqualTo(401);
            assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
            assertThat(reply.body()).contains("urn:delivery-relay:problem:invalid-token");
        }
    }

    @Test
    void basicStillWorksForPeopleAndAnUnknownUserIsRefusedLikeAWrongPassword() throws Exception {
        String unknown = java.util.Base64.getEncoder().encodeToString("nobody:secret".getBytes());
        HttpResponse<String> reply = handOver("Basic " + unknown);

        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
    }
}
