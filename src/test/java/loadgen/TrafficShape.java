package loadgen;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When each delivery is handed over, and how long its steps take.
 *
 * <p>In "day" mode hand-overs follow the day of a food-delivery platform (quiet before dawn, a lunch peak around
 * 12:00, the highest peak around 18:00-19:00, a late-night tail): delivery {@code i} of {@code n} starts at the
 * point where the day's cumulative share reaches {@code (i + 0.5) / n}, scaled into the compressed day. Step times
 * are a real delivery's (rider accepts after ~3 min, the shop asks for pick-up at about the same moment, pick-up
 * after ~12 min more, delivered ~18 min later) shortened by the same factor, with ±50 % jitter.
 */
final class TrafficShape {

    /** Relative hand-over volume per hour of the day (0..23). */
    static final double[] HOURLY = {
            3, 2, 1.5, 1, 0.5, 0.5, 1, 1.5, 2, 2.5, 4, 8, 10, 7, 4, 3.5, 4.5, 8, 11, 10, 7, 5, 4, 3.5 };

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration REAL_TO_ASSIGNMENT = Duration.ofMinutes(3);
    private static final Duration REAL_TO_PICK_UP = Duration.ofMinutes(12);
    private static final Duration REAL_TO_DELIVERY = Duration.ofMinutes(18);

    private final LoadOptions options;
    private final double[] cumulative = new double[HOURLY.length + 1];

    TrafficShape(LoadOptions options) {
        this.options = options;
        double total = 0;
        for (double weight : HOURLY) {
            total += weight;
        }
        for (int h = 0; h < HOURLY.length; h++) {
            cumulative[h + 1] = cumulative[h] + HOURLY[h] / total;
        }
    }

    /** Nanoseconds after the run's start at which delivery {@code i} is handed over. */
    long startOffsetNanos(long i) {
        if (options.dayIn() == null) {
            return (long) (i * 1e9 / options.rate());
        }
        double share = (i + 0.5) / options.deliveries();
        int hour = 0;
        while (hour < HOURLY.length - 1 && cumulative[hour + 1] < share) {
            hour++;
        }
        double withinHour = (share - cumulative[hour]) / (cumulative[hour + 1] - cumulative[hour]);
        double dayFraction = (hour + withinHour) / 24.0;
        return (long) (dayFraction * options.dayIn().toNanos());
    }

    /** The whole run's planned length (the last hand-over), for the ETA. */
    long plannedNanos() {
        return startOffsetNanos(options.deliveries() - 1);
    }

    long toAssignmentNanos(RandomGenerator random) {
        return step(REAL_TO_ASSIGNMENT, random);
    }

    long toPickUpNanos(RandomGenerator random) {
        return step(REAL_TO_PICK_UP, random);
    }

    long toDeliveryNanos(RandomGenerator random) {
        return step(REAL_TO_DELIVERY, random);
    }

    private long step(Duration real, RandomGenerator random) {
        double jitter = 0.5 + random.nextDouble();
        if (options.dayIn() == null) {
            return (long) (options.stepGap().toNanos() * jitter);
        }
        double factor = (double) options.dayIn().toNanos() / DAY.toNanos();
        return (long) (real.toNanos() * factor * jitter);
    }
}
