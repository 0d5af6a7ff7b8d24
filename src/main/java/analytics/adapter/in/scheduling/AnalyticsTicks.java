package analytics.adapter.in.scheduling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import analytics.application.AlarmProperties;
import analytics.application.port.in.IntakeGateUseCase;
import analytics.application.port.in.ReportRelayLagUseCase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The periodic work of the analytics module on every instance: recompute the intake gate (every
 * {@code relay.alarms.gate.refresh-interval}) and report the relay lag of the shards this instance relays (every
 * {@code relay.alarms.evaluation-interval}), read from Micrometer's registry as any monitoring system would.
 * Scheduled here rather than with {@code @Scheduled} because the intervals come from a typed properties record.
 */
@Component
class AnalyticsTicks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsTicks.class);

    private final TaskScheduler scheduler;
    private final IntakeGateUseCase gate;
    private final ReportRelayLagUseCase relayLag;
    private final MeterRegistry meters;
    private final AlarmProperties properties;
    private final List<ScheduledFuture<?>> scheduled = new CopyOnWriteArrayList<>();

    AnalyticsTicks(TaskScheduler scheduler, IntakeGateUseCase gate, ReportRelayLagUseCase relayLag,
            MeterRegistry meters, AlarmProperties properties) {
        this.scheduler = scheduler;
        this.gate = gate;
        this.relayLag = relayLag;
        this.meters = meters;
        this.properties = properties;
    }

    @Override
    public void start() {
        scheduled.add(scheduler.scheduleWithFixedDelay(guarded("intake gate refresh", gate::refresh),
                properties.gate().refreshInterval()));
        scheduled.add(scheduler.scheduleWithFixedDelay(guarded("relay lag report", this::reportRelayLag),
                properties.evaluationInterval()));
    }

    void reportRelayLag() {
        Map<String, Double> lagByShard = new HashMap<>();
        for (Gauge owned : meters.find("relay.shard.owned").gauges()) {
            String shard = owned.getId().getTag("shard");
            if (shard == null || owned.value() < 1) {
                continue;
            }
            Timer lag = meters.find("relay.lag").tag("shard", shard).timer();
            lagByShard.put(shard, lag == null ? 0 : lag.max(TimeUnit.MILLISECONDS) / 1000.0);
        }
        if (!lagByShard.isEmpty()) {
            relayLag.report(lagByShard);
        }
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // the next tick tries again; a failing tick must not cancel the schedule
                log.warn("{} failed: {}", what, e.toString());
            }
        };
    }

    @Override
    public void stop() {
        scheduled.forEach(future -> future.cancel(false));
        scheduled.clear();
    }

    @Override
    public boolean isRunning() {
        return !scheduled.isEmpty();
    }
}
