package platform.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class IntakeGateWebConfiguration implements WebMvcConfigurer {

    private final ObjectProvider<IntakeGate> gate;

    IntakeGateWebConfiguration(ObjectProvider<IntakeGate> gate) {
        this.gate = gate;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new IntakeGateInterceptor(gate));
    }
}
