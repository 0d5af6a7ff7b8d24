package outbox.adapter.out.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * {@code kafka}: DOWN when the brokers cannot be reached. Spring Boot has no Kafka health indicator of its own; this
 * one reuses the {@link KafkaAdmin} connection settings and keeps one admin client open.
 *
 * <p>The cluster is asked in the background every few seconds (every second until it has answered once) and health
 * answers with the last result: Boot calls indicators on the request's thread, one after the other, so an inline
 * check would hold every health request for its timeout while the broker is away.
 */
class KafkaBrokerHealthIndicator implements HealthIndicator, DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    /** until the broker has answered once: a first check that timed out on a busy start must not stand for 5 s */
    private static final Duration FIRST_ANSWER_RETRY = Duration.ofSeconds(1);

    private final AdminClient admin;
    private final ScheduledExecutorService checks;
    private volatile Health last = Health.unknown().withDetail("checkedAt", "not yet").build();
    private volatile boolean answeredOnce;

    KafkaBrokerHealthIndicator(KafkaAdmin kafkaAdmin) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "relay-health");
        this.admin = AdminClient.create(config);
        this.checks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("kafka-health").daemon().factory());
        checks.execute(this::checkAndScheduleNext);
    }

    private void checkAndScheduleNext() {
        try {
            check();
        } finally {
            // even after an Error in the check: a chain that ends would leave health at its last answer for good
            try {
                checks.schedule(this::checkAndScheduleNext,
                        (answeredOnce ? INTERVAL : FIRST_ANSWER_RETRY).toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // destroy() shut the executor down during the check: no next one
            }
        }
    }

    @Override
    public Health health() {
        return last;
    }

    private void check() {
        Instant at = Instant.now();
        try {
            DescribeClusterResult cluster = admin.describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
            String clusterId = cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            last = Health.up().withDetail("clusterId", clusterId).withDetail("brokers", brokers)
                    .withDetail("checkedAt", at.toString()).build();
            answeredOnce = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            last = Health.down(e).withDetail("checkedAt", at.toString()).build();
        }
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
