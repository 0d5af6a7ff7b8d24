package outbox.adapter.in.scheduling;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import outbox.application.RelayProperties;
import outbox.application.port.in.CleanUpOutboxUseCase;

/** Runs the outbox clean-up every {@code relay.outbox.cleanup-interval}, the first time one interval after start. */
@Configuration(proxyBeanMethods = false)
class OutboxCleanupSchedule implements SchedulingConfigurer {

    private final CleanUpOutboxUseCase cleanup;
    private final RelayProperties properties;

    OutboxCleanupSchedule(CleanUpOutboxUseCase cleanup, RelayProperties properties) {
        this.cleanup = cleanup;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(cleanup::cleanUp, properties.cleanupInterval(),
                properties.cleanupInterval()));
    }
}
