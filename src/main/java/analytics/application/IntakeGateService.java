package analytics.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import analytics.application.port.in.IntakeGateUseCase;
import analytics.application.port.in.LiveStoresUnavailableException;
import analytics.application.port.out.LiveStoresPort;
import analytics.application.port.out.PublishGateOverridePort;
import analytics.domain.GateOverride;
import analytics.domain.IntakeGatePolicy;
import analytics.domain.IntakeGateState;

/**
 * The intake gate of this instance, recomputed every refresh interval from what every instance reads alike (the
 * evaluator's alarm state and the operators' override, both global tables), and held in memory so that a
 * hand-over costs one volatile read.
 */
@Service
class IntakeGateService implements IntakeGateUseCase {

    private static final Logger log = LoggerFactory.getLogger(IntakeGateService.class);
    private static final Logger audit = LoggerFactory.getLogger("audit.intake-gate");

    private final LiveStoresPort stores;
    private final PublishGateOverridePort overrides;
    private final AlarmProperties properties;
    private final Clock clock;
    private final IntakeGatePolicy policy;
    private final AtomicReference<IntakeGateState> state;
    private final Map<String, RateLimit> shedding = new ConcurrentHashMap<>();

    IntakeGateService(LiveStoresPort stores, PublishGateOverridePort overrides, AlarmProperties properties,
            Clock clock) {
        this.stores = stores;
        this.overrides = overrides;
        this.properties = properties;
        this.clock = clock;
        this.policy = new IntakeGatePolicy(properties.gate().keepFor(), properties.intakeSurge().shedRatePerSecond());
        this.state = new AtomicReference<>(new IntakeGateState(IntakeGateState.Decision.OPEN, false,
                "open: not evaluated yet", List.of(), Map.of(), null, null, clock.instant()));
    }

    @Override
    public IntakeGateState current() {
        return state.get();
    }

    @Override
    public IntakeGateState refresh() {
        Instant now = clock.instant();
        IntakeGateState next;
        if (!properties.enabled()) {
            next = new IntakeGateState(IntakeGateState.Decision.OPEN, false, "open: alarms are switched off "
                    + "(relay.alarms.enabled=false)", List.of(), Map.of(), null, null, now);
        } else {
            try {
                next = policy.decide(stores.alarmSnapshot(), stores.gateOverride(), now);
            } catch (LiveStoresUnavailableException e) {
                next = policy.storesUnavailable(String.valueOf(e.getMessage()), now);
            }
        }
        IntakeGateState before = state.getAndSet(next);
        if (before.decision() != next.decision() || before.failOpen() != next.failOpen()) {
            // open while Streams starts is expected at every start: only a change after that is a warning
            boolean starting = before.alarmsEvaluatedAt() == null && next.decision() == IntakeGateState.Decision.OPEN;
            if ((next.decision() == IntakeGateState.Decision.OPEN && !next.failOpen()) || starting) {
                log.info("Intake gate {}: {}", next.decision(), next.reason());
            } else {
                log.warn("Intake gate {}: {}", next.decision(), next.reason());
            }
        }
        shedding.keySet().retainAll(next.shedPerSecond().keySet());
        return next;
    }

    @Override
    public Admission admit(@Nullable String orderService) {
        IntakeGateState gate = state.get();
        Duration retryAfter = properties.gate().retryAfter();
        return switch (gate.decision()) {
            case CLOSED -> new Admission(Admission.Verdict.CLOSED, retryAfter, gate.reason());
            case SHEDDING -> {
                Double rate = orderService == null ? null : gate.shedPerSecond().get(orderService);
                if (rate == null || shedding.computeIfAbsent(orderService, s -> new RateLimit(rate))
                        .tryTake(clock.millis())) {
                    yield new Admission(Admission.Verdict.ADMIT, Duration.ZERO, gate.reason());
                }
                yield new Admission(Admission.Verdict.SHED, Duration.ofSeconds(1), "hand-overs from "
                        + orderService + " are limited to " + rate + "/s on this instance: " + gate.reason());
            }
            case OPEN -> new Admission(Admission.Verdict.ADMIT, Duration.ZERO, gate.reason());
        };
    }

    @Override
    public IntakeGateState override(GateOverride.Mode mode, Duration duration, String by, String reason) {
        Duration max = properties.gate().maxOverride();
        if (mode != GateOverride.Mode.AUTO && (duration.isNegative() || duration.isZero()
                || duration.compareTo(max) > 0)) {
            throw new InvalidOverrideException("duration must be more than 0 and at most " + max);
        }
        if (reason.isBlank() || reason.length() > 500) {
            throw new InvalidOverrideException("reason must say why, in 1 to 500 characters");
        }
        Instant now = clock.instant();
        GateOverride override = new GateOverride(mode, mode == GateOverride.Mode.AUTO ? now : now.plus(duration),
                by, reason, now);
        overrides.publish(override);
        audit.info("Intake gate override {} until {} by {}: {}", mode, override.until(), by, reason);
        try {
            return policy.decide(stores.alarmSnapshot(), override, now);
        } catch (LiveStoresUnavailableException e) {
            return policy.storesUnavailable(String.valueOf(e.getMessage()), now);
        }
    }

    /**
     * A token bucket holding one second's worth: a shed order service gets its rate, spread over the second. One
     * rate per order service, a few lines; a rate-limiting library would add a dependency for no more than this.
     */
    static final class RateLimit {
        private final double perSecond;
        private double tokens;
        private long lastMillis = -1;

        RateLimit(double perSecond) {
            this.perSecond = perSecond;
            this.tokens = Math.max(1, perSecond);
        }

        synchronized boolean tryTake(long nowMillis) {
            if (lastMillis >= 0) {
                tokens = Math.min(Math.max(1, perSecond), tokens + (nowMillis - lastMillis) * perSecond / 1000.0);
            }
            lastMillis = nowMillis;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
