package benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay's own measure of the latency target, read from the packaged jar: {@code relay.lag}, a timer per
 * shard from a change (taken in its transaction, just before the commit) to Kafka's acknowledgement of its record,
 * published as a cumulative histogram on {@code /actuator/prometheus}. The shards' buckets are summed; the difference
 * of two readings covers what happened between them (one phase). A quantile is the upper bound of the bucket it
 * falls in (Micrometer's buckets are ~10-30 % apart), so it is an upper bound too, but of commit→Kafka itself, where
 * the consumer's commit→consumer adds the transaction marker and the fetch.
 */
record RelayLagHistogram(NavigableMap<Double, Double> cumulativeByUpperBoundSeconds) {

    private static final Pattern BUCKET = Pattern.compile(
            "^relay_lag_seconds_bucket\\{(?<labels>[^}]*)\\}\\s+(?<count>\\S+)", Pattern.MULTILINE);
    private static final Pattern LE = Pattern.compile("(?:^|,)le=\"(?<le>[^\"]+)\"");

    RelayLagHistogram {
        cumulativeByUpperBoundSeconds = java.util.Collections.unmodifiableNavigableMap(
                new TreeMap<>(cumulativeByUpperBoundSeconds));
    }

    /** the buckets of every shard's {@code relay_lag_seconds} in a Prometheus text exposition, summed */
    static RelayLagHistogram parse(String exposition) {
        TreeMap<Double, Double> sums = new TreeMap<>();
        Matcher bucket = BUCKET.matcher(exposition);
        while (bucket.find()) {
            Matcher le = LE.matcher(bucket.group("labels"));
            if (!le.find()) {
                continue;
            }
            String bound = le.group("le");
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            sums.merge(upper, Double.parseDouble(bucket.group("count")), Double::sum);
        }
        return new RelayLagHistogram(sums);
    }

    /** the jar's histogram now ({@code /actuator/prometheus} is open, as for any scraper) */
    static RelayLagHistogram read(String base) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("/actuator/prometheus answered " + response.statusCode());
            }
            return parse(response.body());
        }
    }

    /** what was recorded since {@code earlier} */
    RelayLagHistogram since(RelayLagHistogram earlier) {
        TreeMap<Double, Double> difference = new TreeMap<>(cumulativeByUpperBoundSeconds);
        for (Map.Entry<Double, Double> bucket : earlier.cumulativeByUpperBoundSeconds.entrySet()) {
            difference.merge(bucket.getKey(), -bucket.getValue(), Double::sum);
        }
        return new RelayLagHistogram(difference);
    }

    /** changes recorded (the {@code +Inf} bucket) */
    long count() {
        Double all = cumulativeByUpperBoundSeconds.get(Double.POSITIVE_INFINITY);
        return all == null ? 0 : Math.round(all);
    }

    /**
     * The upper bound, in ms, of the bucket the quantile falls in: infinite when it is beyond the last bounded bucket,
     * NaN when nothing was recorded.
     */
    double quantileUpperBoundMillis(double quantile) {
        long count = count();
        if (count == 0) {
            return Double.NaN;
        }
        double rank = quantile * count;
        for (Map.Entry<Double, Double> bucket : cumulativeByUpperBoundSeconds.entrySet()) {
            if (bucket.getValue() >= rank) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** "≤ 144 ms", "above 60000 ms" (beyond the last bounded bucket), "–" (nothing recorded) */
    String describe(double quantile) {
        double millis = quantileUpperBoundMillis(quantile);
        if (Double.isNaN(millis)) {
            return "–";
        }
        if (Double.isInfinite(millis)) {
            Double lastBound = cumulativeByUpperBoundSeconds.lowerKey(Double.POSITIVE_INFINITY);
            return lastBound == null ? "unbounded (no bounded bucket)"
                    : "above " + (long) Math.floor(lastBound * 1000) + " ms";
        }
        // up, never down: the bound is an upper bound (0.149130816 s is "≤ 150 ms", not 149)
        return "≤ " + (long) Math.ceil(millis) + " ms";
    }
}
