package benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class BenchmarkTuningUnitTest {

    @Test
    void noSettingsAreTheDefaultsAndTheReportSaysSo() {
        BenchmarkTuning tuning = BenchmarkTuning.parse("", "  ");

        assertThat(tuning.isDefault()).isTrue();
        assertThat(tuning.jarArguments()).isEmpty();
        assertThat(tuning.jarJvmOptions()).isEmpty();
        assertThat(tuning.describe()).startsWith("the defaults");
    }

    @Test
    void propertiesBecomeTheJarsArgumentsAndTheReportNamesEverySetting() {
        BenchmarkTuning tuning = BenchmarkTuning.parse(
                " server.tomcat.threads.max = 16 ,spring.datasource.hikari.maximum-pool-size=8,",
                "-Xmx1g  -XX:+UseSerialGC");

        assertThat(tuning.properties()).containsOnly(
                org.assertj.core.api.Assertions.entry("server.tomcat.threads.max", "16"),
                org.assertj.core.api.Assertions.entry("spring.datasource.hikari.maximum-pool-size", "8"));
        assertThat(tuning.jarArguments()).containsExactly("--server.tomcat.threads.max=16",
                "--spring.datasource.hikari.maximum-pool-size=8");
        assertThat(tuning.jarJvmOptions()).containsExactly("-Xmx1g", "-XX:+UseSerialGC");
        assertThat(tuning.isDefault()).isFalse();
        assertThat(tuning.describe()).contains("not the defaults", "server.tomcat.threads.max=16", "-Xmx1g");
    }

    @Test
    void aValueMayContainEqualsSigns() {
        assertThat(BenchmarkTuning.parse("relay.x=a=b", "").properties()).containsEntry("relay.x", "a=b");
    }

    @Test
    void aSettingWithoutAKeyIsRefusedInsteadOfDropped() {
        // dropped silently, a mistyped experiment would be reported as a result of the settings it meant to change
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkTuning.parse("linger.ms20", ""))
                .withMessageContaining("linger.ms20");
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkTuning.parse("=5", ""));
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkTuning.parse(" =5", ""));
    }

    @Test
    void whatTheBenchmarkSetsPerScenarioCannotBeChanged() {
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkTuning.parse("server.port=8080", ""))
                .withMessageContaining("server.port");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BenchmarkTuning.parse("relay.embedded.data-dir=/tmp/x", ""))
                .withMessageContaining("relay.embedded.data-dir");
    }

    @Test
    void theSettingsAreNamedInTheSameOrderWhateverOrderTheyWereGivenIn() {
        assertThat(BenchmarkTuning.parse("b=1,a=2,c=3", "").describe())
                .isEqualTo(BenchmarkTuning.parse("c=3,a=2,b=1", "").describe()).contains("{a=2, b=1, c=3}");
    }
}
