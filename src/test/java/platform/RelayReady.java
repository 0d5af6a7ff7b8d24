package platform;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import outbox.application.port.in.RelayStatusQuery;
import outbox.domain.ShardState;

/** Waits until every shard's reader streams, so a test's probe does not start before the relay does. */
public final class RelayReady {

    private RelayReady() {
    }

    public static DeliveryEventsProbe probeOnceRelaying(RelayStatusQuery relay) {
        return probeOnceRelaying(relay, DeliveryEventsProbe.TOPIC);
    }

    public static DeliveryEventsProbe probeOnceRelaying(RelayStatusQuery relay, String topic) {
        await().atMost(Duration.ofSeconds(60)).until(() -> relay.shardStatuses().stream()
                .allMatch(s -> s.state() == ShardState.RUNNING));
        return DeliveryEventsProbe.onTestServers(topic);
    }
}
