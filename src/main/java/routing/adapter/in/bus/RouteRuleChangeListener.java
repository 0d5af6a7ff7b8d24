package routing.adapter.in.bus;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.bus.ServiceMatcher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import routing.application.port.in.ReloadRoutingRulesUseCase;

/** Reloads the rule set when a change is announced to this instance's group. */
@Component
class RouteRuleChangeListener {

    private final ReloadRoutingRulesUseCase rules;
    private final ObjectProvider<ServiceMatcher> bus;

    RouteRuleChangeListener(ReloadRoutingRulesUseCase rules, ObjectProvider<ServiceMatcher> bus) {
        this.rules = rules;
        this.bus = bus;
    }

    @EventListener
    void on(RouteRuleRemoteEvent event) {
        // the bus filters what arrives from other instances, but an event published here reaches local
        // listeners directly, whatever its destination: an instance outside the group must still ignore it
        ServiceMatcher matcher = bus.getIfAvailable();
        if (matcher == null || matcher.isForSelf(event)) {
            rules.announced(event.getVersion());
        }
    }
}
