package platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses an {@link IntakeGated} request while the gate is closed, before its body is even read: under the load
 * that may have closed the gate, a refusal should cost as little as possible.
 */
class IntakeGateInterceptor implements HandlerInterceptor {

    private final ObjectProvider<IntakeGate> gate;

    IntakeGateInterceptor(ObjectProvider<IntakeGate> gate) {
        this.gate = gate;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(IntakeGated.class)) {
            IntakeGate intake = gate.getIfAvailable();
            IntakeGate.Decision decision = intake == null ? IntakeGate.Decision.ADMIT : intake.admit(null);
            if (decision.verdict() == IntakeGate.Decision.Verdict.CLOSED) {
                throw new IntakeRefusedException(decision);
            }
        }
        return true;
    }
}
