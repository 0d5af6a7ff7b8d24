package analytics.adapter.in.web;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import platform.web.ProblemResponse;

import analytics.adapter.in.web.AnalyticsProblems.DeliveryNotInProgressException;
import analytics.adapter.in.web.AnalyticsProblems.InvalidAnalyticsRequestException;
import analytics.application.port.in.LiveStatusQuery;
import analytics.domain.LiveDeliveryLookup;
import analytics.domain.LiveDeliveryLookup.Found;
import analytics.domain.LiveDeliveryLookup.KeptElsewhere;
import analytics.domain.LiveDeliveryLookup.NotInProgress;
import analytics.application.port.in.LiveStatusQuery.StatusCounts;
import analytics.application.port.in.LiveStoresUnavailableException;

/**
 * The live stores over HTTP. Counts come from a global table, the same on every instance. A delivery lives in one
 * partition of the live store, kept by one instance: asked elsewhere, this instance fetches it from that one (with
 * the caller's own credentials) and says who answered in {@code X-Served-By}.
 */
@RestController
@RequestMapping("/analytics")
class LiveStatusController {

    /** marks a request one instance forwards to another: answer from here, never forward again */
    static final String LOCAL_ONLY = "X-Relay-Local-Only";
    static final String SERVED_BY = "X-Served-By";

    private final LiveStatusQuery live;
    private final RestClient peers;

    LiveStatusController(LiveStatusQuery live, RestClient.Builder rest) {
        this.live = live;
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(Duration.ofSeconds(5));
        this.peers = rest.clone().requestFactory(requests).build();
    }

    @GetMapping("/status-counts")
    StatusCounts statusCounts() {
        return live.statusCounts();
    }

    @ProblemResponse(status = 400, types = "invalid-request", description = "The id is not a UUID")
    @ProblemResponse(status = 404, types = "delivery-not-in-progress", description = "Finished, expired or never seen")
    @ProblemResponse(status = 503, types = "analytics-unavailable", description = "The stores are restoring or moving: retry after Retry-After")
    @GetMapping("/deliveries/{id}")
    ResponseEntity<?> delivery(@PathVariable String id,
            @RequestHeader(name = LOCAL_ONLY, required = false) @Nullable String localOnly,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
            HttpServletRequest request) {
        UUID deliveryId;
        try {
            deliveryId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnalyticsRequestException("id must be a UUID");
        }
        LiveDeliveryLookup lookup = live.delivery(deliveryId);
        return switch (lookup) {
            case Found found -> ResponseEntity.ok().header(SERVED_BY, "here").body(found.delivery());
            case NotInProgress notInProgress -> throw new DeliveryNotInProgressException(id);
            case KeptElsewhere elsewhere -> {
                if (localOnly != null) {
                    // the two instances disagree about who keeps it: a rebalance is under way
                    throw new LiveStoresUnavailableException("its partition is moving between instances");
                }
                // instances are set up alike: a caller's credentials travel to the keeper over TLS when this
                // instance was reached over TLS, never in clear text to an HTTPS instance
                yield fetch(request.isSecure() ? "https" : "http", elsewhere.hostAndPort(), deliveryId, authorization);
            }
        };
    }

    private ResponseEntity<byte[]> fetch(String scheme, String hostAndPort, UUID deliveryId,
            @Nullable String authorization) {
        try {
            return peers.get().uri(URI.create(scheme + "://" + hostAndPort + "/analytics/deliveries/" + deliveryId))
                    .headers(headers -> {
                        headers.set(LOCAL_ONLY, "true");
                        if (authorization != null) {
                            headers.set(HttpHeaders.AUTHORIZATION, authorization);
                        }
                    })
                    .exchange((request, response) -> {
                        HttpHeaders headers = new HttpHeaders();
                        if (response.getHeaders().getContentType() != null) {
                            headers.setContentType(response.getHeaders().getContentType());
                        }
                        String retryAfter = response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
                        if (retryAfter != null) {
                            headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
                        }
                        headers.set(SERVED_BY, hostAndPort);
                        return ResponseEntity.status(response.getStatusCode()).headers(headers)
                                .body(response.getBody().readAllBytes());
                    });
        } catch (RestClientException e) {
            throw new LiveStoresUnavailableException("it is kept by the instance at " + hostAndPort
                    + ", which cannot be reached", e);
        }
    }
}
