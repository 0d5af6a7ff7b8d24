package routing.adapter.in.web;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.bus.ServiceMatcher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import platform.web.IfMatch;
import platform.web.ProblemResponse;
import routing.Route;
import routing.application.port.in.ManageRoutingRulesUseCase;
import routing.application.port.in.ManageRoutingRulesUseCase.DryRun;
import routing.application.port.in.ManageRoutingRulesUseCase.HistoryEntry;
import routing.application.port.in.ManageRoutingRulesUseCase.ReplaceRuleSetCommand;
import routing.application.port.in.ManageRoutingRulesUseCase.Status;
import routing.domain.RoutingInput;
import routing.domain.RuleSet;
import routing.domain.RuleSetVersion;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' API for routing rules. The rule set is one resource, replaced whole; its version is the ETag and
 * a replacement must name the version it was edited from ({@code If-Match}), so two operators editing at once
 * cannot overwrite each other unseen.
 */
@Tag(name = "routing", description = "Operators: routing rules")
@RestController
@RequestMapping("/admin/routing")
class RoutingAdminController {

    static final int MAX_HISTORY = 100;
    static final int MAX_SAMPLES = 1_000;
    /** the width of {@code routing_rule_set.change_note} */
    static final int MAX_NOTE = 500;
    /** the times a delivery can have (the delivery API's documented range for {@code requestedAt}) */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final BigDecimal NINETY = BigDecimal.valueOf(90);
    private static final BigDecimal ONE_EIGHTY = BigDecimal.valueOf(180);

    private final ManageRoutingRulesUseCase rules;
    private final ObjectProvider<ServiceMatcher> bus;
    private final Clock clock;
    private final StrictJson json;

    RoutingAdminController(ManageRoutingRulesUseCase rules, ObjectProvider<ServiceMatcher> bus, Clock clock,
            JsonMapper jsonMapper) {
        this.rules = rules;
        this.bus = bus;
        this.clock = clock;
        this.json = new StrictJson(jsonMapper);
    }

    @Operation(operationId = "getRuleSet", summary = "The newest saved rule set, its version as ETag")
    @GetMapping(path = "/rule-set", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RuleSetResponse> latest() {
        return withETag(rules.latest());
    }

    @Operation(operationId = "replaceRuleSet", summary = "Save a rule set as the next version")
    @ProblemResponse(status = 400, types = { "invalid-rule-set", "invalid-request" }, description = "An invalid rule set or request")
    @ProblemResponse(status = 412, types = "rule-set-version-mismatch", description = "If-Match names no current version")
    @ProblemResponse(status = 428, types = "if-match-required", description = "If-Match is missing")
    // the body is read as text and parsed by StrictJson (unknown fields refused); consumes= keeps it JSON only:
    // a text/plain PUT is what a browser may send cross-site without asking first
    @PutMapping(path = "/rule-set", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RuleSetResponse> replace(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReplaceRequest.class))) @RequestBody String body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            Principal operator) {
        // the precondition first: a header that cannot be understood makes the body irrelevant
        IfMatch condition = IfMatch.parse(ifMatch);
        if (condition == null) {
            throw new IfMatchRequiredException();
        }
        ReplaceRequest request = json.read(body, ReplaceRequest.class);
        if (request.ruleSet() == null) {
            throw new InvalidAdminRequestException("the body must contain the whole rule set under 'ruleSet'");
        }
        if (request.note() != null && request.note().length() > MAX_NOTE) {
            throw new InvalidAdminRequestException("note: at most " + MAX_NOTE + " characters");
        }
        RuleSetVersion saved = rules.replace(new ReplaceRuleSetCommand(request.ruleSet(),
                condition.any() ? null : condition.versions(), operator.getName(), request.note()));
        return withETag(saved);
    }

    @Operation(operationId = "getRuleSetHistory", summary = "Saved versions, newest first, with what changed")
    @GetMapping(path = "/rule-set/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    List<HistoryEntry> history(@RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new InvalidAdminRequestException("limit must be between 1 and " + MAX_HISTORY);
        }
        return rules.history(limit);
    }

    @Operation(operationId = "getRuleSetVersion", summary = "One saved version")
    @ProblemResponse(status = 404, types = "rule-set-version-not-found", description = "No such version")
    @GetMapping(path = "/rule-set/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RuleSetResponse> version(@PathVariable long version) {
        return withETag(rules.version(version));
    }

    /**
     * Validates a candidate rule set without saving it, and routes sample deliveries with it (or, without a
     * candidate, with the active set): "which service would this delivery get?"
     */
    @Operation(operationId = "dryRunRouting", summary = "Route sample deliveries; nothing is saved")
    @ProblemResponse(status = 400, types = { "invalid-rule-set", "invalid-request" }, description = "An invalid candidate or sample")
    @PostMapping(path = "/dry-run", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    DryRunResponse dryRun(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = DryRunRequest.class)))
            @RequestBody String body) {
        DryRunRequest request = json.read(body, DryRunRequest.class);
        List<Sample> samples = request.deliveries() == null ? List.of() : request.deliveries();
        if (samples.size() > MAX_SAMPLES) {
            throw new InvalidAdminRequestException("at most " + MAX_SAMPLES + " sample deliveries");
        }
        if (samples.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidAdminRequestException("deliveries: an entry is null");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<RoutingInput> inputs = samples.stream().map(sample -> sample.toInput(now)).toList();
        DryRun dryRun = rules.dryRun(request.ruleSet(), inputs);
        return new DryRunResponse(dryRun.ruleSetVersion().orElse(null), dryRun.results().stream()
                .map(DryRunResponse.Routed::of).toList());
    }

    /** Which rule set version this instance routes with; ask each instance to see them all. */
    @Operation(operationId = "getRoutingStatus", summary = "The rule set version this instance routes with")
    @GetMapping(path = "/status", produces = MediaType.APPLICATION_JSON_VALUE)
    StatusResponse status() {
        Status status = rules.status();
        ServiceMatcher matcher = bus.getIfAvailable();
        return new StatusResponse(matcher == null ? null : matcher.getBusId(), status.activeVersion(),
                status.activeSince(), status.storedVersion(), status.checkedAt());
    }

    private static ResponseEntity<RuleSetResponse> withETag(RuleSetVersion version) {
        return ResponseEntity.ok().eTag(IfMatch.etag(version.version())).body(RuleSetResponse.of(version));
    }

    record ReplaceRequest(@Nullable RuleSet ruleSet, @Nullable String note) {
    }

    record RuleSetResponse(long version, String changedBy, Instant changedAt, @Nullable String note,
            RuleSet ruleSet) {
        static RuleSetResponse of(RuleSetVersion version) {
            return new RuleSetResponse(version.version(), version.changedBy(), version.changedAt(), version.note(),
                    version.ruleSet());
        }
    }

    record DryRunRequest(@Nullable RuleSet ruleSet, @Nullable List<Sample> deliveries) {
    }

    /** A delivery to route in a dry run; without an id a random one is used, and returned so it can be repeated. */
    record Sample(@Nullable UUID deliveryId, @Nullable String orderService, @Nullable BigDecimal latitude,
            @Nullable BigDecimal longitude, @Nullable Instant at) {

        RoutingInput toInput(Instant now) {
            if (orderService == null || latitude == null || longitude == null) {
                throw new InvalidAdminRequestException(
                        "every sample delivery needs orderService, latitude and longitude");
            }
            if (latitude.abs().compareTo(NINETY) > 0 || longitude.abs().compareTo(ONE_EIGHTY) > 0) {
                throw new InvalidAdminRequestException("a sample's latitude must be within -90..90 and its "
                        + "longitude within -180..180");
            }
            if (at != null && (at.isBefore(EARLIEST) || at.isAfter(LATEST))) {
                throw new InvalidAdminRequestException("a sample's 'at' must be from " + EARLIEST + " to " + LATEST);
            }
            return new RoutingInput(deliveryId == null ? UUID.randomUUID() : deliveryId, orderService, latitude,
                    longitude, at == null ? now : at);
        }
    }

    /** {@code ruleSetVersion} is null when a candidate rule set was tried. */
    record DryRunResponse(@Nullable Long ruleSetVersion, List<Routed> deliveries) {

        record Routed(UUID deliveryId, String orderService, BigDecimal latitude, BigDecimal longitude, Instant at,
                String deliveryService, String rule) {
            static Routed of(DryRun.Result result) {
                RoutingInput sample = result.sample();
                Route route = result.route();
                return new Routed(sample.deliveryId(), sample.orderService(), sample.pickupLatitude(),
                        sample.pickupLongitude(), sample.at(), route.deliveryService(), route.rule());
            }
        }
    }

    record StatusResponse(@Nullable String busId, long activeVersion, Instant activeSince, long storedVersion,
            Instant checkedAt) {
    }

}
