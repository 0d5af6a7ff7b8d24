package platform.web;

import java.lang.reflect.Type;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Sheds an {@link IntakeGated} request whose order service sends too much: that is only known once the body has
 * been read, which an interceptor cannot see.
 */
@ControllerAdvice
class IntakeGateBodyAdvice extends RequestBodyAdviceAdapter {

    private final ObjectProvider<IntakeGate> gate;

    IntakeGateBodyAdvice(ObjectProvider<IntakeGate> gate) {
        this.gate = gate;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return parameter.hasMethodAnnotation(IntakeGated.class)
                && OrderServiceIntake.class.isAssignableFrom(parameter.getParameterType());
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter,
            Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        IntakeGate intake = gate.getIfAvailable();
        if (intake != null && body instanceof OrderServiceIntake request && request.orderService() != null) {
            IntakeGate.Decision decision = intake.admit(request.orderService());
            if (decision.verdict() != IntakeGate.Decision.Verdict.ADMIT) {
                throw new IntakeRefusedException(decision);
            }
        }
        return body;
    }
}
