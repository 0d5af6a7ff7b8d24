package benchmark;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;

import delivery.DeliveryEvent;
import outbox.EventEnvelope;

/**
 * The baseline a Spring team would pick: Spring Modulith's event publication registry (JDBC) records each delivery
 * event in the publishing transaction, and its Kafka externalizer sends it after commit to the same topic with the
 * same key, with the relay's envelope headers so that the analytics step reads its records as it reads the
 * relay's. Only the benchmark loads this, with {@code -Pbenchmark} on the classpath.
 */
@Configuration(proxyBeanMethods = false)
class ModulithBaselineConfiguration {

    @Bean
    EventExternalizationConfiguration deliveryEventsExternalization() {
        return EventExternalizationConfiguration.externalizing()
                .select(event -> event instanceof DeliveryEvent)
                .route(DeliveryEvent.class,
                        event -> RoutingTarget.forTarget(RelayBenchmark.TOPIC).andKey(event.deliveryId().toString()))
                // the envelope the analytics step reads, as the relay sends it: without it every record was
                // dead-lettered and logged, work the relay scenarios do not have, which made the baseline slower
                .headers(DeliveryEvent.class, ModulithBaselineConfiguration::envelope)
                .build();
    }

    /** Raw bytes, as the relay's records carry them (Spring Kafka's header mapper passes a byte[] unchanged). */
    static Map<String, Object> envelope(DeliveryEvent event) {
        return Map.of(EventEnvelope.EVENT_ID, utf8(event.eventId().toString()),
                EventEnvelope.EVENT_TYPE, utf8(event.eventType()),
                EventEnvelope.SEQUENCE, utf8(Long.toString(event.sequence())),
                EventEnvelope.OCCURRED_AT, utf8(event.occurredAt().toString()),
                EventEnvelope.AGGREGATE_TYPE, utf8(event.aggregateType()),
                EventEnvelope.SCHEMA_VERSION, utf8(Integer.toString(event.schemaVersion())),
                EventEnvelope.CONTENT_TYPE, utf8("application/json"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
