package routing.adapter.in.actuator;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.cloud.bus.ServiceMatcher;
import org.springframework.stereotype.Component;

import routing.application.port.in.ManageRoutingRulesUseCase;
import routing.application.port.in.ManageRoutingRulesUseCase.Status;

/** {@code /actuator/info} shows which rule set version this instance routes with and its bus id. */
@Component
class RoutingInfoContributor implements InfoContributor {

    private final ManageRoutingRulesUseCase rules;
    private final ObjectProvider<ServiceMatcher> bus;

    RoutingInfoContributor(ManageRoutingRulesUseCase rules, ObjectProvider<ServiceMatcher> bus) {
        this.rules = rules;
        this.bus = bus;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Status status = rules.status();
        Map<String, Object> routing = new LinkedHashMap<>();
        routing.put("activeVersion", status.activeVersion());
        routing.put("activeSince", status.activeSince().toString());
        routing.put("storedVersion", status.storedVersion());
        routing.put("checkedAt", status.checkedAt().toString());
        ServiceMatcher matcher = bus.getIfAvailable();
        routing.put("busId", matcher == null ? "bus disabled" : matcher.getBusId());
        builder.withDetail("routing", routing);
    }
}
