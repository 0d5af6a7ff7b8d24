package routing.adapter.in.actuator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cloud.stream.binder.Binding;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/bus}: whether this instance still listens on the event bus, from the state of its
 * consumer bindings. DOWN when a binding has stopped; nothing here waits for the broker.
 *
 * <p>Replaces the Kafka binder's own indicator ({@code management.health.binders.enabled=false}): that one creates a
 * consumer and asks the broker for the bus topic's partitions inside every health request, under a timeout
 * ({@code spring.cloud.stream.kafka.binder.health-timeout}). With its default of 60 s a request hung 58.6 s while
 * the broker was away; with 1 s, the first health request after start on a busy two-core CI machine took longer
 * than that and the whole service answered DOWN although nothing was wrong. Whether the broker is reachable is
 * already the {@code kafka} component's answer, checked in the background; what only the bus can tell is whether
 * its listener runs.
 */
@Component("bus")
class BusHealthIndicator implements HealthIndicator {

    private final ObjectProvider<BindingService> bindings;

    BusHealthIndicator(ObjectProvider<BindingService> bindings) {
        this.bindings = bindings;
    }

    @Override
    public Health health() {
        BindingService service = bindings.getIfAvailable();
        if (service == null) {
            return Health.unknown().withDetail("bindings", "the bus is disabled").build();
        }
        boolean allRunning = true;
        List<Map<String, Object>> listeners = new ArrayList<>();
        for (String name : service.getConsumerBindingNames()) {
            for (Binding<?> binding : service.getConsumerBindings(name)) {
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("binding", name);
                state.put("destination", binding.getName());
                state.put("running", binding.isRunning());
                state.put("paused", binding.isPaused());
                listeners.add(state);
                allRunning &= binding.isRunning();
            }
        }
        if (listeners.isEmpty()) {
            return Health.unknown().withDetail("bindings", "none yet").build();
        }
        return (allRunning ? Health.up() : Health.down()).withDetail("bindings", listeners).build();
    }
}
