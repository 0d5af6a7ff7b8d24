package outbox.adapter.in.scheduling;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import outbox.application.RelayProperties;
import outbox.application.port.in.CleanUpOutboxUseCase;
import outbox.application.port.in.MeasureBacklogUseCase;

/**
 * Runs the outbox clean-up every {@code relay.outbox.cleanup-interval}, the first time one interval after start,
 * and measures the shards' backlogs every {@code relay.outbox.backlog-check-interval}, from the start.
 */
@Configuration(proxyBeanMethods = false)
class OutboxCleanupSchedule implements SchedulingConfigurer {

    private final CleanUpOutboxUseCase cleanup;
    private final MeasureBacklogUseCase backlog;
    private final RelayProperties properties;

    OutboxCleanupSchedule(CleanUpOutboxUseCase cleanup, MeasureBacklogUseCase backlog, RelayProperties properties) {
        this.cleanup = cleanup;
        this.backlog = backlog;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(cleanup::cleanUp, properties.cleanupInterval(),
                properties.cleanupInterval()));
        tasks.addFixedDelayTask(new FixedDelayTask(backlog::measureBacklog, properties.backlogCheckInterval(),
                Duration.ZERO));
    }
}
