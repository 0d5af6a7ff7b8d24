package routing.adapter.in.scheduling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import routing.application.port.in.ReloadRoutingRulesUseCase;

/**
 * The safety net under the event bus: an instance that missed an announcement (it was disconnected, or the
 * announcement could not be sent) finds the newer version here within one interval.
 */
@Component
class RoutingVersionCheck {

    private static final Logger log = LoggerFactory.getLogger(RoutingVersionCheck.class);

    private final ReloadRoutingRulesUseCase rules;

    RoutingVersionCheck(ReloadRoutingRulesUseCase rules) {
        this.rules = rules;
    }

    @Scheduled(initialDelayString = "${relay.routing.version-check-interval:30s}",
            fixedDelayString = "${relay.routing.version-check-interval:30s}")
    void check() {
        try {
            rules.catchUp();
        } catch (RuntimeException e) {
            log.warn("Routing version check failed; routing continues with the active rule set", e);
        }
    }
}
