package platform.logging;

import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import ch.qos.logback.classic.LoggerContext;

/**
 * Adds {@link KnownNoiseFilter} to Logback right after Spring Boot has configured it, at every application start
 * (Boot resets the logger context when it initializes logging, which drops turbo filters). Done here rather than
 * in a {@code logback-spring.xml} so that Boot's own default configuration, console and optional file, stays as it is.
 */
public class KnownNoiseFilterInstaller implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        install();
    }

    /** Idempotent. */
    public static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback
                && logback.getTurboFilterList().stream().noneMatch(KnownNoiseFilter.class::isInstance)) {
            KnownNoiseFilter filter = new KnownNoiseFilter();
            filter.setContext(logback);
            filter.start();
            logback.addTurboFilter(filter);
        }
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
}
