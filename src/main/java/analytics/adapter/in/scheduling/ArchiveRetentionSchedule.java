package analytics.adapter.in.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import analytics.application.ArchiveProperties;
import analytics.application.port.in.ApplyArchiveRetentionUseCase;

/**
 * Runs the archive's retention every {@code relay.analytics.archive.retention-interval}, first one minute after
 * start (or sooner with a shorter interval). Scheduled through the {@link TaskScheduler} with the typed interval
 * rather than {@code @Scheduled}, whose interval could only be a placeholder string.
 */
@Component
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class ArchiveRetentionSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ArchiveRetentionSchedule.class);

    private final ApplyArchiveRetentionUseCase retention;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Duration interval;
    private final boolean enabled;
    private volatile @Nullable ScheduledFuture<?> scheduled;

    ArchiveRetentionSchedule(ApplyArchiveRetentionUseCase retention, TaskScheduler scheduler, Clock clock,
            ArchiveProperties properties) {
        this.retention = retention;
        this.scheduler = scheduler;
        this.clock = clock;
        this.interval = properties.retentionInterval();
        this.enabled = !properties.retention().isZero();
    }

    @Override
    public void start() {
        if (enabled) {
            Duration first = interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
            scheduled = scheduler.scheduleWithFixedDelay(this::apply, clock.instant().plus(first), interval);
        }
    }

    private void apply() {
        try {
            retention.applyRetention(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Archive retention failed; it runs again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledFuture<?> current = scheduled;
        if (current != null) {
            current.cancel(false);
            scheduled = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduled != null;
    }
}
