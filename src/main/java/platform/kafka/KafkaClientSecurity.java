package platform.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The security part of a Kafka client configuration Boot has resolved ({@code spring.kafka.security.protocol},
 * {@code spring.kafka.ssl.*}, {@code spring.kafka.properties.ssl.*|sasl.*}): what a client that Boot does not build
 * itself must be given too, so that one configuration serves every client the application runs. Boot's producers,
 * consumers, admin and Kafka Streams get it from {@code spring.kafka.*} directly; the relay's shard-lease consumer
 * and the embedded Debezium engines (offset store, schema history, their admin clients) are built by hand and take
 * it from here.
 */
public final class KafkaClientSecurity {

    private KafkaClientSecurity() {
    }

    /** {@code security.protocol}, {@code ssl.*} and {@code sasl.*} entries of {@code clientConfig}, as strings. */
    public static Map<String, String> settings(Map<String, Object> clientConfig) {
        Map<String, String> security = new TreeMap<>();
        clientConfig.forEach((key, value) -> {
            if (value != null && (key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl."))) {
                security.put(key, text(value));
            }
        });
        return security;
    }

    private static String text(Object value) {
        if (value instanceof Class<?> type) {
            return type.getName();
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof org.apache.kafka.common.config.types.Password password) {
            return password.value();
        }
        return String.valueOf(value);
    }
}
