package analytics.adapter.in.web;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import analytics.application.port.in.IntakeGateUseCase;
import analytics.application.port.in.IntakeGateUseCase.Admission;
import platform.web.IntakeGate;

/** The analytics module's intake gate, as the platform's hand-over interceptor asks it. */
@Component
class IntakeGateWebAdapter implements IntakeGate {

    private final IntakeGateUseCase gate;

    IntakeGateWebAdapter(IntakeGateUseCase gate) {
        this.gate = gate;
    }

    @Override
    public Decision admit(@Nullable String orderService) {
        Admission admission = gate.admit(orderService);
        return switch (admission.verdict()) {
            case ADMIT -> Decision.ADMIT;
            case CLOSED -> new Decision(Decision.Verdict.CLOSED, admission.retryAfter(), admission.reason());
            case SHED -> new Decision(Decision.Verdict.SHED, admission.retryAfter(), admission.reason());
        };
    }
}
