package routing.adapter.in.actuator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/bus}: whether this instance still listens on the event bus. DOWN when the bus's Kafka
 * listener container does not run — stopped on purpose, or stopped by itself after a fatal consumer error; nothing
 * here waits for the broker. The container is captured as the Kafka binder builds it: the binder keeps its
 * containers to itself (package-private), and a binding's own {@code isRunning()} is its endpoint's start/stop flag,
 * which stays true when the container dies underneath.
 *
 * <p>Replaces the Kafka binder's own indicator ({@code management.health.binders.enabled=false}), which asks the
 * broker for the bus topic's partitions inside every health request under a timeout
 * ({@code spring.cloud.stream.kafka.binder.health-timeout}): with its default of 60 s a request hung 58.6 s while
 * the broker was away, and with 1 s CI once saw {@code /actuator/health} DOWN right after a start with, as far as
 * the test could tell, nothing wrong. Whether the broker answers is the {@code kafka} component's question, asked
 * in the background; what only the bus can tell is whether its listener runs.
 */
@Component("bus")
@ConditionalOnBooleanProperty(name = "spring.cloud.bus.enabled", matchIfMissing = true)
class BusHealthIndicator implements HealthIndicator, ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> {

    private record Listener(String destination, String group) {
    }

    /** the latest container per binding: a binding the binder builds again replaces its dead container */
    private final Map<Listener, AbstractMessageListenerContainer<?, ?>> listeners = new ConcurrentHashMap<>();

    /** Called by the Kafka binder for each consumer binding it creates; here only the bus has one. */
    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group) {
        listeners.put(new Listener(destinationName, String.valueOf(group)), container);
    }

    @Override
    public Health health() {
        if (listeners.isEmpty()) {
            return Health.unknown().withDetail("listeners", "none yet").build();
        }
        boolean allRunning = true;
        List<Map<String, Object>> states = new ArrayList<>();
        for (var listener : listeners.entrySet()) {
            boolean running = listener.getValue().isRunning();
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("destination", listener.getKey().destination());
            state.put("group", listener.getKey().group());
            state.put("running", running);
            state.put("paused", listener.getValue().isContainerPaused());
            states.add(state);
            allRunning &= running;
        }
        return (allRunning ? Health.up() : Health.down()).withDetail("listeners", states).build();
    }
}
