package platform;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import platform.TestUsers.Credentials;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for tests: what a caller of the service sends and sees, no MockMvc in between. Calls as the
 * test order service unless told otherwise ({@link #as}, {@link #anonymous}).
 */
public final class HttpApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final @Nullable Credentials credentials;

    public HttpApi(int port) {
        this("http://127.0.0.1:" + port, TestUsers.ORDER_SERVICE);
    }

    private HttpApi(String base, @Nullable Credentials credentials) {
        this.base = base;
        this.credentials = credentials;
    }

    public HttpApi as(Credentials user) {
        return new HttpApi(base, user);
    }

    public HttpApi anonymous() {
        return new HttpApi(base, null);
    }

    public Reply get(String path, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers));
    }

    public Reply delete(String path, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), headers));
    }

    public Reply put(String path, String json, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(json)), headers));
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    /** Any method, any body and content type (none when {@code contentType} is null): for refusals. */
    public Reply send(String method, String path, @Nullable String body, @Nullable String contentType,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(withHeaders(request, headers));
    }

    public Reply post(String path, String json, String... headers) {
        return post(path, BodyPublishers.ofString(json), headers);
    }

    public Reply post(String path, BodyPublisher body, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(body), headers));
    }

    /** A body sent with chunked transfer encoding: no Content-Length to check up front. */
    public static BodyPublisher chunked(byte[] body) {
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private Reply send(HttpRequest.Builder request) {
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> response = CLIENT.send(built, BodyHandlers.ofString());
            HttpObservations.record(built.method(), built.uri(), response.statusCode());
            return new Reply(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("ETag").orElse(null), response.headers().map());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Reply(int status, String body, String contentType, @Nullable String etag,
            java.util.Map<String, java.util.List<String>> headers) {

        public Reply(int status, String body, String contentType, @Nullable String etag) {
            this(status, body, contentType, etag, java.util.Map.of());
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .flatMap(h -> h.getValue().stream()).findFirst().orElse("");
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String text(String field) {
            return json().path(field).asString();
        }
    }
}
