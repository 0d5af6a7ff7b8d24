package analytics.adapter.out.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import analytics.adapter.in.streams.JsonSerde;
import analytics.adapter.in.streams.LiveStatusTopology;
import analytics.application.port.out.PublishAlarmSignalPort;
import analytics.application.port.out.PublishGateOverridePort;
import analytics.domain.AlarmSignal;
import analytics.domain.GateOverride;

/** Writes operators' overrides and relay lag reports to their topics with Spring's {@link KafkaTemplate}. */
@Component
class KafkaAnalyticsPublisher implements PublishGateOverridePort, PublishAlarmSignalPort {

    private static final Logger log = LoggerFactory.getLogger(KafkaAnalyticsPublisher.class);

    private final KafkaTemplate<String, String> kafka;

    KafkaAnalyticsPublisher(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void publish(GateOverride override) {
        try {
            // waited for: the operator must know whether every instance will see it
            kafka.send(LiveStatusTopology.GATE_OVERRIDES_TOPIC, LiveStatusTopology.GATE_OVERRIDE_KEY,
                    JsonSerde.JSON.writeValueAsString(override)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while recording the intake gate override", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new OverrideNotRecordedException(e);
        }
    }

    @Override
    public void publish(String key, AlarmSignal signal) {
        kafka.send(LiveStatusTopology.SIGNALS_TOPIC, key, JsonSerde.JSON.writeValueAsString(signal))
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        // the next report follows within one evaluation interval
                        log.debug("Alarm signal {} not sent", key, failure);
                    }
                });
    }

    /** Kafka did not take the override; nothing changed. */
    static final class OverrideNotRecordedException extends analytics.application.port.in.LiveStoresUnavailableException {
        OverrideNotRecordedException(Exception cause) {
            super("the override could not be written to Kafka: " + cause.getMessage(), cause);
        }
    }
}
