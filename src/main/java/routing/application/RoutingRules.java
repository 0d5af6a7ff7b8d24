package routing.application;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import routing.DeliveryRouter;
import routing.Route;
import routing.RouteRequest;
import routing.application.port.in.ManageRoutingRulesUseCase;
import routing.application.port.in.ReloadRoutingRulesUseCase;
import routing.application.port.in.RuleSetVersionMismatchException;
import routing.application.port.in.RuleSetVersionNotFoundException;
import routing.application.port.out.AnnounceRuleSetChangePort;
import routing.application.port.out.LoadRuleSetsPort;
import routing.application.port.out.SaveRuleSetPort;
import routing.application.port.out.SaveRuleSetPort.VersionTakenException;
import routing.domain.InvalidRuleSetException;
import routing.domain.RoutingDecision;
import routing.domain.RoutingInput;
import routing.domain.RoutingTable;
import routing.domain.RuleSet;
import routing.domain.RuleSetChanges;
import routing.domain.RuleSetVersion;

/**
 * The rule set this instance routes with, kept in memory, and the operator's ways of changing it.
 *
 * <p>Routing reads one {@link AtomicReference}: no lock and no database on the path of a new delivery. A change is
 * validated whole, appended to the store as the next version (the store's primary key settles concurrent saves),
 * activated here and announced on the bus; every other instance loads it from the store when the announcement
 * arrives, or at its next version check if the announcement was lost. Versions only move forward, so a late or
 * repeated announcement never rolls an instance back.
 */
@Service
@EnableConfigurationProperties(RoutingProperties.class)
class RoutingRules implements DeliveryRouter, ManageRoutingRulesUseCase, ReloadRoutingRulesUseCase,
        SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RoutingRules.class);

    private final LoadRuleSetsPort store;
    private final SaveRuleSetPort saves;
    private final AnnounceRuleSetChangePort announcer;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicReference<@Nullable Active> active = new AtomicReference<>();
    private final AtomicLong storedVersion = new AtomicLong();
    private volatile Instant checkedAt = Instant.EPOCH;

    RoutingRules(LoadRuleSetsPort store, SaveRuleSetPort saves, AnnounceRuleSetChangePort announcer, Clock clock,
            MeterRegistry meters) {
        this.store = store;
        this.saves = saves;
        this.announcer = announcer;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("routing.rules.active.version", this, rules -> rules.activeVersionOrZero())
                .description("Version of the routing rule set this instance routes with")
                .register(meters);
    }

    /** Loads the active rule set before the web server takes traffic. */
    @Override
    public void afterSingletonsInstantiated() {
        catchUp();
    }

    @Override
    public Route route(RouteRequest request) {
        Active current = current();
        RoutingDecision decision = current.table().route(new RoutingInput(request.deliveryId(),
                request.orderService(), request.pickupLatitude(), request.pickupLongitude(), request.at()));
        // decisions, not created deliveries: a hand-over that loses a race to an identical one was routed too.
        // Tagged by service only: rule ids are operator-chosen and would make the series count unbounded.
        meters.counter("routing.decisions", "service", decision.deliveryService()).increment();
        return new Route(decision.deliveryService(), decision.ruleOrFallback(), current.version().version());
    }

    @Override
    public RuleSetVersion latest() {
        return store.latest();
    }

    @Override
    public RuleSetVersion version(long version) {
        return store.find(version).orElseThrow(() -> new RuleSetVersionNotFoundException(version));
    }

    @Override
    public List<HistoryEntry> history(int limit) {
        // one version more than asked for, to say what the oldest one shown changed
        List<RuleSetVersion> versions = store.newest(limit + 1);
        List<HistoryEntry> history = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, versions.size()); i++) {
            RuleSetVersion version = versions.get(i);
            List<String> changes = i + 1 < versions.size()
                    ? RuleSetChanges.between(versions.get(i + 1).ruleSet(), version.ruleSet())
                    : List.of("first version");
            history.add(new HistoryEntry(version.version(), version.changedBy(), version.changedAt(), version.note(),
                    changes));
        }
        return history;
    }

    @Override
    public RuleSetVersion replace(ReplaceRuleSetCommand command) {
        RoutingTable table = command.ruleSet().compile();
        Set<Long> expected = command.expectedVersions();
        RuleSetVersion saved;
        while (true) {
            long latest = store.latestVersion();
            if (expected != null && !expected.contains(latest)) {
                throw new RuleSetVersionMismatchException(expected, latest);
            }
            saved = new RuleSetVersion(latest + 1, command.ruleSet(), command.operator(), now(), command.note());
            try {
                saves.append(saved);
                break;
            } catch (VersionTakenException raced) {
                if (expected != null) {
                    throw new RuleSetVersionMismatchException(expected, store.latestVersion());
                }
                // If-Match: * accepts whatever is current: another save won this version, so go after it. Every
                // lost race is someone else's success, so concurrent replacements all apply, one after another.
            }
        }
        activate(saved, table);
        storedVersion.accumulateAndGet(saved.version(), Math::max);
        log.info("Routing rule set version {} saved by {} ({})", saved.version(), saved.changedBy(), saved.note());
        announcer.announce(saved.version());
        return saved;
    }

    @Override
    public DryRun dryRun(@Nullable RuleSet candidate, List<RoutingInput> samples) {
        Active current = current();
        RoutingTable table = candidate == null ? current.table() : candidate.compile();
        long version = candidate == null ? current.version().version() : 0;
        List<DryRun.Result> results = samples.stream().map(sample -> {
            RoutingDecision decision = table.route(sample);
            return new DryRun.Result(sample, new Route(decision.deliveryService(), decision.ruleOrFallback(),
                    version));
        }).toList();
        return new DryRun(candidate == null ? Optional.of(version) : Optional.empty(), results);
    }

    @Override
    public Status status() {
        Active current = current();
        return new Status(current.version().version(), current.since(), storedVersion.get(), checkedAt);
    }

    @Override
    public void announced(long version) {
        if (activeVersionOrZero() >= version) {
            log.debug("Routing rule set version {} announced; already active", version);
            return;
        }
        log.info("Routing rule set version {} announced on the bus; reloading", version);
        catchUp();
    }

    @Override
    public synchronized void catchUp() {
        long stored = store.latestVersion();
        storedVersion.accumulateAndGet(stored, Math::max);
        checkedAt = now();
        if (stored <= activeVersionOrZero()) {
            return;
        }
        RuleSetVersion latest = store.latest();
        try {
            activate(latest, latest.ruleSet().compile());
            log.info("Routing rule set version {} loaded (saved by {} at {})", latest.version(), latest.changedBy(),
                    latest.changedAt());
        } catch (InvalidRuleSetException invalid) {
            // only possible if the table was edited by hand: keep routing with what works and say so loudly
            log.error("Stored routing rule set version {} is invalid; still routing with version {}: {}",
                    latest.version(), activeVersionOrZero(), invalid.violations());
            if (active.get() == null) {
                throw invalid;
            }
        }
    }

    private void activate(RuleSetVersion version, RoutingTable table) {
        // versions only move forward: a slow reload must not replace a newer set a concurrent save activated
        active.accumulateAndGet(new Active(version, table, now()), (old, candidate) -> old == null
                || candidate.version().version() > old.version().version() ? candidate : old);
    }

    private Active current() {
        Active current = active.get();
        if (current == null) {
            catchUp();
            current = active.get();
        }
        if (current == null) {
            throw new IllegalStateException("no routing rule set is stored");
        }
        return current;
    }

    private long activeVersionOrZero() {
        Active current = active.get();
        return current == null ? 0 : current.version().version();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private record Active(RuleSetVersion version, RoutingTable table, Instant since) {
    }
}
