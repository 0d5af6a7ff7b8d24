package analytics.adapter.in.web;

import java.security.Principal;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import analytics.adapter.in.web.AnalyticsProblems.InvalidAnalyticsRequestException;
import analytics.application.port.in.IntakeGateUseCase;
import analytics.domain.GateOverride;
import analytics.domain.IntakeGateState;

/**
 * Operators see the intake gate and may force it open or closed for a while; every override is kept, with who and
 * why, on the overrides topic (the audit trail) and in the {@code audit.intake-gate} log.
 */
@RestController
@RequestMapping("/admin/intake-gate")
class IntakeGateAdminController {

    private final IntakeGateUseCase gate;

    IntakeGateAdminController(IntakeGateUseCase gate) {
        this.gate = gate;
    }

    record OverrideRequest(GateOverride.@Nullable Mode mode, @Nullable Duration duration, @Nullable String reason) {
    }

    @GetMapping
    IntakeGateState current() {
        return gate.current();
    }

    @PutMapping
    IntakeGateState override(@RequestBody OverrideRequest request, Principal operator) {
        if (request.mode() == null || request.reason() == null
                || (request.duration() == null && request.mode() != GateOverride.Mode.AUTO)) {
            throw new InvalidAnalyticsRequestException("mode (OPEN, CLOSED or AUTO), duration (ISO-8601, e.g. "
                    + "\"PT15M\") and reason are required");
        }
        return gate.override(request.mode(), request.duration() == null ? Duration.ZERO : request.duration(),
                operator.getName(), request.reason());
    }

    @DeleteMapping
    IntakeGateState handBack(@RequestParam(defaultValue = "handed back to the alarms") String reason,
            Principal operator) {
        return gate.override(GateOverride.Mode.AUTO, Duration.ZERO, operator.getName(), reason);
    }
}
