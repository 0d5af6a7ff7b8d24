package delivery.adapter.in.web;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import platform.web.IfMatch;
import platform.web.IntakeGated;
import platform.web.ProblemResponse;

import delivery.DeliveryStatus;
import delivery.adapter.in.web.DeliveryRequests.AssignRiderRequest;
import delivery.adapter.in.web.DeliveryRequests.CancelRequest;
import delivery.adapter.in.web.DeliveryRequests.HandOverRequest;
import delivery.adapter.in.web.DeliveryResponse.PageResponse;
import delivery.application.port.in.AssignRiderCommand;
import delivery.application.port.in.CancelDeliveryCommand;
import delivery.application.port.in.DeliveryChangeCommand;
import delivery.application.port.in.ExpectedVersion;
import delivery.application.port.in.FindDeliveriesQuery;
import delivery.application.port.in.HandOverDeliveryUseCase;
import delivery.application.port.in.HandOverDeliveryUseCase.HandOverResult;
import delivery.application.port.in.InvalidCommandException;
import delivery.application.port.in.InvalidCommandException.Violation;
import delivery.application.port.in.ProgressDeliveryUseCase;
import delivery.domain.Delivery;
import delivery.domain.DeliveryId;

/**
 * The API order services and delivery services call. Changes are POSTs to named actions; each answers with the
 * delivery's current state and its version as ETag. {@code If-Match: "<version>"} makes a change conditional.
 */
@Tag(name = "deliveries", description = "Order and delivery services: a delivery's life")
@RestController
@RequestMapping(path = "/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
class DeliveryController {

    /** a UUID in its canonical form only: {@link java.util.UUID#fromString} also takes "{...}"-less short forms */
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", Pattern.CASE_INSENSITIVE);

    static final int MAX_PAGE_SIZE = 100;

    private final HandOverDeliveryUseCase handOver;
    private final ProgressDeliveryUseCase progress;
    private final FindDeliveriesQuery find;

    DeliveryController(HandOverDeliveryUseCase handOver, ProgressDeliveryUseCase progress, FindDeliveriesQuery find) {
        this.handOver = handOver;
        this.progress = progress;
        this.find = find;
    }

    @Operation(operationId = "handOverDelivery", summary = "Hand an order over for delivery")
    @ApiResponse(responseCode = "200", description = "Handed over before with the same facts: the same delivery")
    @ApiResponse(responseCode = "201", description = "A new delivery")
    @ProblemResponse(status = 400, types = "invalid-request", description = "Invalid fields")
    @ProblemResponse(status = 409, types = "conflicting-hand-over", description = "The order was handed over with other facts")
    @ProblemResponse(status = 429, types = "intake-shed", description = "Intake is shed for this order service: retry after Retry-After")
    @ProblemResponse(status = 503, types = "intake-closed", description = "Intake is closed by an alarm or an operator: retry after Retry-After")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @IntakeGated
    ResponseEntity<DeliveryResponse> handOver(@RequestBody HandOverRequest request) {
        HandOverResult result = handOver.handOver(request.toCommand());
        URI location = URI.create("/deliveries/" + result.delivery().id());
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(location)
                .eTag(etag(result.delivery()))
                .body(DeliveryResponse.of(result.delivery()));
    }

    @Operation(operationId = "getDelivery", summary = "One delivery")
    @ProblemResponse(status = 400, types = "invalid-request", description = "An invalid id or field")
    @ProblemResponse(status = 404, types = "delivery-not-found", description = "No such delivery")
    @GetMapping("/{id}")
    ResponseEntity<DeliveryResponse> get(@PathVariable String id) {
        return ok(find.get(deliveryId(id)));
    }

    @Operation(operationId = "listDeliveries", summary = "Deliveries in a status, newest first")
    @GetMapping
    PageResponse list(@RequestParam DeliveryStatus status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidCommandException("ListDeliveries", List.of(
                    new Violation(page < 0 ? "page" : "size",
                            page < 0 ? "must be 0 or more" : "must be between 1 and " + MAX_PAGE_SIZE)));
        }
        return PageResponse.of(find.byStatus(status, page, size));
    }

    @Operation(operationId = "assignRider", summary = "A rider accepted the delivery")
    @ProblemResponse(status = 400, types = "invalid-request", description = "An invalid id or field")
    @ProblemResponse(status = 404, types = "delivery-not-found", description = "No such delivery")
    @ProblemResponse(status = 409, types = { "illegal-transition", "concurrent-update" }, description = "The change is not possible now")
    @PostMapping(path = "/{id}/assign-rider", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DeliveryResponse> assignRider(@PathVariable String id, @RequestBody AssignRiderRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        @SuppressWarnings("NullAway") // a missing riderId is reported by the command's own validation
        var command = new AssignRiderCommand(deliveryId(id), request.riderId(), expectedVersion(ifMatch));
        return ok(progress.assignRider(command));
    }

    @Operation(operationId = "requestPickupReady", summary = "The shop asks for pick-up")
    @ProblemResponse(status = 400, types = "invalid-request", description = "An invalid id or field")
    @ProblemResponse(status = 404, types = "delivery-not-found", description = "No such delivery")
    @ProblemResponse(status = 409, types = { "illegal-transition", "concurrent-update" }, description = "The change is not possible now")
    @PostMapping("/{id}/request-pickup-ready")
    ResponseEntity<DeliveryResponse> requestPickupReady(@PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        return ok(progress.requestPickupReady(new DeliveryChangeCommand(deliveryId(id), expectedVersion(ifMatch))));
    }

    @Operation(operationId = "markPickedUp", summary = "The rider picked the order up")
    @ProblemResponse(status = 400, types = "invalid-request", description = "An invalid id or field")
    @ProblemResponse(status = 404, types = "delivery-not-found", description = "No such delivery")
    @ProblemResponse(status = 409, types = { "illegal-transition", "concurrent-update" }, description = "The change is not possible now")
    @PostMapping("/{id}/mark-picked-up")
    ResponseEntity<DeliveryResponse> markPickedUp(@PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        return ok(progress.markPickedUp(new DeliveryChangeCommand(deliveryId(id), expectedVersion(ifMatch))));
    }

    @Operation(operationId = "markDelivered", summary = "The order was delivered")
    @ProblemResponse(status = 400, types = "invalid-request", description = "An invalid id or field")
    @ProblemResponse(status = 404, types = "delivery-not-found", description = "No such delivery")
    @ProblemResponse(status = 409, types = { "illegal-transition", "concurrent-update" }, description = "The change is not possible now")
    @PostMapping("/{id}/mark-delivered")
    ResponseEntity<DeliveryResponse> markDelivered(@PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        return ok(progress.markDelivered(new DeliveryChangeCommand(deliveryId(id), expectedVersion(ifMatch))));
    }

    @Operation(operationId = "cancelDelivery", summary = "The order was cancelled")
    @ProblemResponse(status = 400, types = "invalid-request", description = "An invalid id or field")
    @ProblemResponse(status = 404, types = "delivery-not-found", description = "No such delivery")
    @ProblemResponse(status = 409, types = { "illegal-transition", "concurrent-update" }, description = "The change is not possible now")
    // the body is optional, so any content type is accepted when there is none; a body must be JSON
    @PostMapping(path = "/{id}/cancel")
    ResponseEntity<DeliveryResponse> cancel(@PathVariable String id,
            @RequestBody(required = false) @Nullable CancelRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        String reason = request == null ? null : request.reason();
        return ok(progress.cancel(new CancelDeliveryCommand(deliveryId(id), reason, expectedVersion(ifMatch))));
    }

    private static ResponseEntity<DeliveryResponse> ok(Delivery.Snapshot delivery) {
        return ResponseEntity.ok().eTag(etag(delivery)).body(DeliveryResponse.of(delivery));
    }

    private static String etag(Delivery.Snapshot delivery) {
        return IfMatch.etag(delivery.version());
    }

    private static DeliveryId deliveryId(String text) {
        if (!CANONICAL_UUID.matcher(text).matches()) {
            throw new InvalidCommandException("DeliveryId", List.of(new Violation("id",
                    "must be a UUID in canonical form, e.g. 01a21611-9cea-7c5d-bf58-820a3cf16a01")));
        }
        return DeliveryId.parse(text);
    }

    private static ExpectedVersion expectedVersion(@Nullable String ifMatch) {
        IfMatch condition = IfMatch.parse(ifMatch);
        return condition == null || condition.any() ? ExpectedVersion.ANY : ExpectedVersion.oneOf(condition.versions());
    }
}
