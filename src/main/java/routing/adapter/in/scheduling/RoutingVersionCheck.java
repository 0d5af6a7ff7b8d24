package routing.adapter.in.scheduling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import routing.application.RoutingProperties;
import routing.application.port.in.ReloadRoutingRulesUseCase;

/**
 * The safety net under the event bus: an instance that missed an announcement (it was disconnected, or the
 * announcement could not be sent) finds the newer version here within one {@code relay.routing.version-check-interval}.
 */
@Configuration(proxyBeanMethods = false)
class RoutingVersionCheck implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RoutingVersionCheck.class);

    private final ReloadRoutingRulesUseCase rules;
    private final RoutingProperties properties;

    RoutingVersionCheck(ReloadRoutingRulesUseCase rules, RoutingProperties properties) {
        this.rules = rules;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::check, properties.versionCheckInterval(),
                properties.versionCheckInterval()));
    }

    void check() {
        try {
            rules.catchUp();
        } catch (RuntimeException e) {
            log.warn("Routing version check failed; routing continues with the active rule set", e);
        }
    }
}
