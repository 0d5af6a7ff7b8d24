package platform;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.unit.DataSize;

import platform.web.RequestBodyLimitFilter;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PlatformConfiguration {

    static {
        // jOOQ prints a banner and a "tip of the day" on first use unless told not to
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    FilterRegistrationBean<?> requestBodyLimit(@Value("${relay.web.max-request-body:16KB}") DataSize max,
            @Value("${relay.web.max-admin-request-body:1MB}") DataSize adminMax) {
        var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(max.toBytes(), "/admin/",
                adminMax.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
