package faultsuite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import loadgen.TrustedCertificates;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the fault suite talks to one instance's HTTP API (health, routing status, analytics): plain HTTP or HTTPS
 * with a private CA, with an {@code Authorization} header. Short timeouts: an instance that does not answer within
 * them counts as not answering.
 */
record ServiceClient(URI base, String authorization, HttpClient http) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ServiceClient of(URI base, String authorization, @Nullable Path trustedCertificate) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (trustedCertificate != null) {
            http.sslContext(TrustedCertificates.sslContext(trustedCertificate));
        }
        return new ServiceClient(base, authorization, http.build());
    }

    ServiceClient as(String otherAuthorization) {
        return new ServiceClient(base, otherAuthorization, http);
    }

    /** The answer, or null when the instance cannot be reached or does not answer within {@code timeout}. */
    @Nullable Reply get(String path, Duration timeout) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), timeout);
    }

    @Nullable Reply put(String path, String json, Duration timeout, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").PUT(BodyPublishers.ofString(json));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request, timeout);
    }

    private @Nullable Reply send(HttpRequest.Builder request, Duration timeout) {
        try {
            if (!authorization.isBlank()) {
                request.header("Authorization", authorization);
            }
            var response = http.send(request.header("Accept", "application/json").timeout(timeout).build(),
                    BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().firstValue("ETag").orElse(null));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    record Reply(int status, String body, @Nullable String etag) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }
}
