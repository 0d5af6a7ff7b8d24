package analytics.adapter.in.streams;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The analytics Streams client as it is, not as the application would like it: DOWN when it has failed
 * ({@code ERROR}, or stopped while the application runs), with the error that stopped it; UP while it runs or
 * rebalances. Not part of readiness: an instance whose analytics is down can still take deliveries.
 */
final class StreamsClientHealthIndicator extends AbstractHealthIndicator {

    private final StreamsBuilderFactoryBean streams;
    private final AtomicReference<@Nullable Throwable> lastFailure;

    StreamsClientHealthIndicator(StreamsBuilderFactoryBean streams, AtomicReference<@Nullable Throwable> lastFailure) {
        super("Kafka Streams health check failed");
        this.streams = streams;
        this.lastFailure = lastFailure;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaStreams client = streams.getKafkaStreams();
        if (client == null) {
            builder.unknown().withDetail("state", "NOT_STARTED");
            return;
        }
        KafkaStreams.State state = client.state();
        switch (state) {
            case RUNNING, REBALANCING -> builder.up();
            case CREATED -> builder.unknown();
            case PENDING_SHUTDOWN, NOT_RUNNING -> {
                if (streams.isRunning()) {
                    builder.down();
                } else {
                    builder.outOfService();
                }
            }
            case PENDING_ERROR, ERROR -> builder.down();
        }
        builder.withDetail("state", state.name());
        java.util.Properties config = streams.getStreamsConfiguration();
        Object member = config == null ? null : config.get("group.instance.id");
        if (member != null) {
            builder.withDetail("groupInstanceId", member);
        }
        if (state.isRunningOrRebalancing()) {
            List<Map<String, Object>> threads = client.metadataForLocalThreads().stream()
                    .map(StreamsClientHealthIndicator::thread)
                    .toList();
            builder.withDetail("threads", threads);
        }
        Throwable failure = lastFailure.get();
        if (failure != null) {
            // Streams wraps what went wrong ("Error encountered trying to commit a transaction"): the cause is what
            // tells an operator what to do (a fenced instance id, an authorization failure)
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
            builder.withDetail("lastFailure", cause == failure ? failure.toString() : failure + ", caused by " + cause);
        }
    }

    private static Map<String, Object> thread(ThreadMetadata thread) {
        return Map.of("name", thread.threadName(), "state", thread.threadState(), "activeTasks",
                thread.activeTasks().stream().map(task -> task.taskId().toString()).sorted().toList());
    }
}
