package platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Exports {@code kafka.consumer.group.lag{group,topic}}: how many committed records each consumer group has not
 * yet consumed, for dashboards and alerts on every group of the cluster the service talks to.
 *
 * <p>Groups named {@code anonymous.*} are left out. Each instance's event bus subscription is such a group, new
 * at every start, committing nothing: its "lag" means nothing, and every restart would leave one more dead
 * series behind. Kafka clients only report lag from inside each consumer; a cluster-wide view usually comes from
 * a separate exporter (Burrow, kafka-lag-exporter), and this is that view for a service that runs alone.
 * Scheduled by {@link KafkaMonitoringConfiguration} every {@code relay.kafka.lag-monitor.interval}.
 */
class ConsumerGroupLagMonitor implements DisposableBean {

    static final String ANONYMOUS_PREFIX = "anonymous.";
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupLagMonitor.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KafkaAdmin kafkaAdmin;
    private final MultiGauge lag;
    private volatile @Nullable Admin admin;

    ConsumerGroupLagMonitor(KafkaAdmin kafkaAdmin, MeterRegistry meters) {
        this.kafkaAdmin = kafkaAdmin;
        this.lag = MultiGauge.builder("kafka.consumer.group.lag")
                .description("Records committed to a topic that the consumer group has not consumed yet")
                .baseUnit("records")
                .register(meters);
    }

    void measure() {
        try {
            lag.register(rows(client()), true);
        } catch (Exception e) {
            // the broker may be away; the next round tries again, and stale values are not kept meanwhile
            lag.register(List.of(), true);
            log.debug("Consumer group lag not measured", e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<MultiGauge.Row<?>> rows(Admin client) throws Exception {
        List<String> groups = client.listGroups().all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(listing -> listing.type().map(type -> type == GroupType.CLASSIC || type == GroupType.CONSUMER)
                        .orElse(true))
                .map(GroupListing::groupId)
                .filter(group -> !group.startsWith(ANONYMOUS_PREFIX))
                .toList();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String group : groups) {
            try {
                lagByTopic(client, group).forEach((topic, records) -> rows.add(
                        MultiGauge.Row.of(Tags.of("group", group, "topic", topic), records)));
            } catch (Exception e) {
                // one group that cannot be measured (its topic deleted, say) must not hide the others
                log.debug("Lag of consumer group {} not measured", group, e);
                if (e instanceof InterruptedException) {
                    throw e;
                }
            }
        }
        return rows;
    }

    private static Map<String, Long> lagByTopic(Admin client, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(client.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        committed.values().removeIf(java.util.Objects::isNull);
        Map<String, Long> byTopic = new HashMap<>();
        if (committed.isEmpty()) {
            return byTopic;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        var ends = client.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        committed.forEach((partition, offset) -> {
            var end = ends.get(partition);
            if (end != null) {
                byTopic.merge(partition.topic(), Math.max(0, end.offset() - offset.offset()), Long::sum);
            }
        });
        return byTopic;
    }

    private Admin client() {
        Admin current = admin;
        if (current == null) {
            current = Admin.create(kafkaAdmin.getConfigurationProperties());
            admin = current;
        }
        return current;
    }

    @Override
    public void destroy() {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
