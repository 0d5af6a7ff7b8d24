package benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayBenchmarkUnitTest {

    @Test
    void aShareOfTheCeilingSetsTheMeasuredShareBesideItsTwoFactors() {
        // ceiling: 2,000 commits/s at 0.9 ms each on 1.8 cores; this one: 400/s at 4.5 ms on 1.8 cores
        String row = RelayBenchmark.cpuShare("http", 400, 4.5, 1.8, 2_000, 0.9, 1.8);

        assertThat(row).isEqualTo("| http | 400 | 4.50 | 1.80 | 0.20 | 1.00 | 0.20 | 0.20 |\n");
    }

    @Test
    void aBoxLeftIdleShowsInTheCoresBusyRatio() {
        // the same CPU per change, half as many cores kept busy
        String row = RelayBenchmark.cpuShare("relay-8", 200, 4.5, 0.9, 2_000, 0.9, 1.8);

        assertThat(row).isEqualTo("| relay-8 | 200 | 4.50 | 0.90 | 0.10 | 0.50 | 0.20 | 0.10 |\n");
    }

    @Test
    void aMeasurementThatDoesNotAddUpShowsAsAProductUnlikeTheShare() {
        // cores busy measured over a longer window than the rate: the product no longer matches the share
        String row = RelayBenchmark.cpuShare("relay-8", 200, 4.5, 1.8, 2_000, 0.9, 1.8);

        assertThat(row).endsWith("| 0.10 | 1.00 | 0.20 | 0.20 |\n");
    }
}
