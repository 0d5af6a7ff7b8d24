package platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityUnitTest {

    @Test
    void keepsOnlyTheSecuritySettingsAsStrings() {
        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("bootstrap.servers", List.of("a:9093", "b:9093"));
        resolved.put("client.id", "admin-1");
        resolved.put("security.protocol", "SASL_SSL");
        resolved.put("ssl.truststore.location", "/etc/relay/truststore.p12");
        resolved.put("ssl.truststore.password", new Password("secret"));
        resolved.put("ssl.enabled.protocols", List.of("TLSv1.3", "TLSv1.2"));
        resolved.put("sasl.mechanism", "SCRAM-SHA-512");
        resolved.put("sasl.login.callback.handler.class", String.class);
        resolved.put("ssl.keystore.location", null);

        assertThat(KafkaClientSecurity.settings(resolved)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "ssl.truststore.location", "/etc/relay/truststore.p12",
                "ssl.truststore.password", "secret",
                "ssl.enabled.protocols", "TLSv1.3,TLSv1.2",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.login.callback.handler.class", "java.lang.String"));
    }

    @Test
    void aPlaintextClusterHasNoSettingsToForward() {
        assertThat(KafkaClientSecurity.settings(Map.of("bootstrap.servers", "a:9092", "acks", "all"))).isEmpty();
    }
}
