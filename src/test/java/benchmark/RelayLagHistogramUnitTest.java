package benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayLagHistogramUnitTest {

    // as Micrometer's Prometheus registry (prometheus-metrics 1.x) writes a timer with a percentile histogram:
    // le after the other labels, bucket counts as integers
    private static String exposition(long shard0Within50, long shard0Within100, long shard0Within200, long shard0All,
            long shard1Within50, long shard1Within100, long shard1Within200, long shard1All) {
        return String.join("\n",
                "# HELP relay_lag_seconds From the change (just before its commit) to the Kafka acknowledgement",
                "# TYPE relay_lag_seconds histogram",
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_0\",topic=\"delivery.events\",le=\"0.05\"} " + shard0Within50,
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_0\",topic=\"delivery.events\",le=\"0.1\"} " + shard0Within100,
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_0\",topic=\"delivery.events\",le=\"0.2\"} " + shard0Within200,
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_0\",topic=\"delivery.events\",le=\"+Inf\"} " + shard0All,
                "relay_lag_seconds_count{shard=\"outbox_delivery_0\",topic=\"delivery.events\"} " + shard0All,
                "relay_lag_seconds_sum{shard=\"outbox_delivery_0\",topic=\"delivery.events\"} 3.5",
                "relay_lag_seconds_max{shard=\"outbox_delivery_0\",topic=\"delivery.events\"} 0.3",
                "relay_lag_seconds{quantile=\"0.99\",shard=\"outbox_delivery_0\",topic=\"delivery.events\"} 0.25",
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_1\",topic=\"delivery.events\",le=\"0.05\"} " + shard1Within50,
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_1\",topic=\"delivery.events\",le=\"0.1\"} " + shard1Within100,
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_1\",topic=\"delivery.events\",le=\"0.2\"} " + shard1Within200,
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_1\",topic=\"delivery.events\",le=\"+Inf\"} " + shard1All + ".0", // a count written as a double parses too
                "other_seconds_bucket{le=\"0.05\"} 1000",
                "");
    }

    @Test
    void theShardsBucketsAreSummedAndAQuantileIsTheUpperBoundOfItsBucket() {
        RelayLagHistogram histogram = RelayLagHistogram.parse(exposition(10, 80, 99, 100, 0, 50, 100, 100));

        assertThat(histogram.count()).isEqualTo(200);
        assertThat(histogram.quantileUpperBoundMillis(0.5)).isEqualTo(100.0); // 130 of 200 within 100 ms
        assertThat(histogram.quantileUpperBoundMillis(0.99)).isEqualTo(200.0); // 199 of 200 within 200 ms
        assertThat(histogram.quantileUpperBoundMillis(0.05)).isEqualTo(50.0);
        assertThat(histogram.describe(0.99)).isEqualTo("≤ 200 ms");
    }

    @Test
    void aQuantileBeyondTheLastBoundedBucketSaysSo() {
        RelayLagHistogram histogram = RelayLagHistogram.parse(exposition(10, 80, 90, 100, 0, 50, 90, 100));

        assertThat(histogram.quantileUpperBoundMillis(0.99)).isInfinite();
        assertThat(histogram.describe(0.99)).isEqualTo("above 200 ms");
    }

    @Test
    void theDifferenceOfTwoReadingsIsWhatHappenedBetweenThem() {
        RelayLagHistogram before = RelayLagHistogram.parse(exposition(10, 80, 99, 100, 0, 50, 100, 100));
        // 100 more changes, all of them slower than 100 ms but within 200
        RelayLagHistogram after = RelayLagHistogram.parse(exposition(10, 80, 149, 150, 0, 50, 150, 150));

        RelayLagHistogram phase = after.since(before);

        assertThat(phase.count()).isEqualTo(100);
        assertThat(phase.quantileUpperBoundMillis(0.5)).isEqualTo(200.0);
        assertThat(before.quantileUpperBoundMillis(0.5)).isEqualTo(100.0);
    }

    @Test
    void aBoundIsRoundedUpSinceItIsAnUpperBound() {
        RelayLagHistogram histogram = RelayLagHistogram.parse(String.join("\n",
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_0\",topic=\"delivery.events\",le=\"0.134217727\"} 50",
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_0\",topic=\"delivery.events\",le=\"0.149130816\"} 100",
                "relay_lag_seconds_bucket{shard=\"outbox_delivery_0\",topic=\"delivery.events\",le=\"+Inf\"} 100"));

        assertThat(histogram.describe(0.99)).isEqualTo("≤ 150 ms");
        assertThat(histogram.describe(0.5)).isEqualTo("≤ 135 ms");
    }

    @Test
    void nothingRecordedHasNoQuantile() {
        assertThat(RelayLagHistogram.parse("").count()).isZero();
        assertThat(RelayLagHistogram.parse("").quantileUpperBoundMillis(0.99)).isNaN();
        assertThat(RelayLagHistogram.parse("").describe(0.99)).isEqualTo("–");
        RelayLagHistogram reading = RelayLagHistogram.parse(exposition(1, 2, 3, 4, 1, 2, 3, 4));
        assertThat(reading.since(reading).describe(0.99)).isEqualTo("–");
    }
}
