package loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LoadOptionsUnitTest {

    @Test
    void livesAreUnboundedUnlessAsked() {
        assertThat(LoadOptions.parse("--token", "t").maxLives()).isZero();
        assertThat(LoadOptions.parse("--token", "t", "--max-lives", "64").maxLives()).isEqualTo(64);
    }

    @Test
    void refusesANegativeLifeBound() {
        assertThatThrownBy(() -> LoadOptions.parse("--token", "t", "--max-lives", "-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--max-lives");
    }

    @Test
    void aRunIsBoundedInCountAndTimeByDefault() {
        LoadOptions options = LoadOptions.parse("--token", "t");

        assertThat(options.deliveries()).isEqualTo(1000);
        assertThat(options.maxDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(options.dayIn()).isNull();
        assertThat(options.describe()).isEqualTo("1000 deliveries at 50 hand-overs/s");
    }

    @Test
    void loadsOnlyThisMachineUnlessToldOtherwise() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): no lookup, never this machine
        assertThatThrownBy(() -> LoadOptions.parse("--token", "t", "--url", "http://192.0.2.1:8080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allow-remote");
        assertThatThrownBy(() -> LoadOptions.parse("--token", "t", "--url", "http://127.0.0.1:8080,http://192.0.2.1:8080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("192.0.2.1");

        assertThat(LoadOptions.parse("--token", "t", "--url", "http://192.0.2.1:8080", "--allow-remote").targets())
                .containsExactly(URI.create("http://192.0.2.1:8080"));
        assertThat(LoadOptions.parse("--token", "t", "--url", "http://localhost:8080/,http://[::1]:8081").targets())
                .containsExactly(URI.create("http://localhost:8080"), URI.create("http://[::1]:8081"));
    }

    @Test
    void aDayCompressedIntoMinutesReplacesTheFixedRate() {
        LoadOptions options = LoadOptions.parse("--token", "t", "--deliveries", "100000", "--day-in", "60m");

        assertThat(options.dayIn()).isEqualTo(Duration.ofMinutes(60));
        assertThat(options.describe()).isEqualTo("100000 deliveries as one day compressed into 1h00m");
    }

    @Test
    void theCallerIsWhoTheOptionsSay() {
        assertThat(LoadOptions.parse("--token", "abc").authorization()).isEqualTo("Bearer abc");
        assertThat(LoadOptions.parse("--user", "order-service:secret").authorization())
                .isEqualTo("Basic b3JkZXItc2VydmljZTpzZWNyZXQ=");
    }

    @Test
    void otherClientsReadWithTheirOwnCredentials() {
        assertThat(LoadOptions.parse("--token", "orders", "--read-token", "viewer").readAuthorization())
                .isEqualTo("Bearer viewer");
        assertThat(LoadOptions.parse("--token", "orders", "--read-user", "viewer:secret").readAuthorization())
                .isEqualTo("Basic dmlld2VyOnNlY3JldA==");
        assertThat(LoadOptions.parse("--token", "orders").readAuthorization()).isEqualTo("Bearer orders");
    }

    @Test
    void anEmbeddedRunsViewerReadsWhenItsOrderServiceWrites(@TempDir Path data) throws IOException {
        Files.writeString(data.resolve("http-tokens.properties"), "order-service.token=o\nviewer.token=v\n");

        LoadOptions embedded = LoadOptions.parse("--data-dir", data.toString());
        assertThat(embedded.authorization()).isEqualTo("Bearer o");
        assertThat(embedded.readAuthorization()).isEqualTo("Bearer v");
        // a token given for another service: the local data dir's viewer token is not sent there
        assertThat(LoadOptions.parse("--data-dir", data.toString(), "--token", "elsewhere").readAuthorization())
                .isEqualTo("Bearer elsewhere");
    }

    @ParameterizedTest
    @CsvSource({ "500ms, PT0.5S", "10s, PT10S", "5m, PT5M", "1h, PT1H", " 2M , PT2M", "0s, PT0S" })
    void readsDurations(String text, Duration expected) {
        assertThat(LoadOptions.duration(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "s", "ms", "10", "10x", "ten s", "1.5s", "99999999999999999999s", "9999999999999999h" })
    void refusesWhatIsNotADurationWithTheFormsItTakes(String text) {
        assertThatThrownBy(() -> LoadOptions.duration(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a duration").hasMessageContaining("500ms, 10s, 5m, 1h");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "--rate; 0", "--rate; -5", "--rate; NaN", "--rate; Infinity", "--deliveries; 0",
            "--cancel-share; 1.5", "--read-share; NaN", "--duplicate-share; -0.1",
            "--max-duration; 0s", "--request-timeout; -1s", "--progress-every; 0ms", "--day-in; 0m",
            "--step-gap; -10ms", "--retry-for; -1m" })
    void refusesSettingsThatWouldNotMakeARun(String option, String value) {
        assertThatThrownBy(() -> LoadOptions.parse("--token", "t", option, value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(option);
    }
}
