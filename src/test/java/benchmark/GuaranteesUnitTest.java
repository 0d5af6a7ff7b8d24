package benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class GuaranteesUnitTest {

    @Test
    void aRunWithoutDurableCommitsIsMarkedAsNoResult() {
        Guarantees durable = new Guarantees("1", "1", "all (transactional)", "exactly_once_v2", "8", "on", "on");
        Guarantees binlogNotSynced = new Guarantees("0", "1", "all (transactional)", "exactly_once_v2", "8", "on", "on");
        Guarantees redoNotFlushed = new Guarantees("1", "2", "all (transactional)", "exactly_once_v2", "8", "on", "on");

        assertThat(durable.line()).isEqualTo("sync_binlog=1, innodb_flush_log_at_trx_commit=1, acks=all (transactional), "
                + "processing.guarantee=exactly_once_v2, shards=8, auth=on, analytics=on");
        assertThat(binlogNotSynced.line()).contains("NOT DURABLE: not a result");
        assertThat(redoNotFlushed.line()).contains("NOT DURABLE: not a result");
    }

    @Test
    void theJarsSettingsAreItsDefaultsWithWhatAnExperimentChanged() throws Exception {
        Properties defaults = Guarantees.jarSettings(Map.of());
        Properties changed = Guarantees.jarSettings(Map.of("relay.analytics.enabled", "false"));

        // read from the application.properties the jar is built with, not written here
        assertThat(defaults.getProperty("spring.kafka.streams.properties.processing.guarantee"))
                .isEqualTo("exactly_once_v2");
        assertThat(defaults.getProperty("relay.analytics.enabled")).isEqualTo("true");
        assertThat(changed.getProperty("relay.analytics.enabled")).isEqualTo("false");
        assertThat(changed.getProperty("spring.kafka.streams.properties.processing.guarantee"))
                .isEqualTo("exactly_once_v2");
    }
}
