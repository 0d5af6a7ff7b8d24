package loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TrafficShapeUnitTest {

    @Test
    void aFixedRateStartsHandOversEvenlyAndSpacesStepsAroundTheGap() {
        TrafficShape shape = new TrafficShape(LoadOptions.parse("--token", "t", "--deliveries", "1000", "--rate", "50",
                "--step-gap", "200ms"));

        assertThat(shape.startOffsetNanos(0)).isZero();
        assertThat(shape.startOffsetNanos(50)).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(shape.plannedNanos()).isEqualTo(Duration.ofMillis(999 * 20).toNanos());
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            // ±50 % jitter around the mean gap
            assertThat(shape.toAssignmentNanos(random)).isBetween(Duration.ofMillis(100).toNanos(),
                    Duration.ofMillis(300).toNanos());
        }
    }

    @Test
    void aCompressedDayFollowsTheDaysCurveWithItsEveningPeak() {
        int deliveries = 100_000;
        Duration dayIn = Duration.ofMinutes(24); // one hour of the day per minute of the run
        TrafficShape shape = new TrafficShape(LoadOptions.parse("--token", "t", "--deliveries",
                Integer.toString(deliveries), "--day-in", "24m"));

        long[] perHour = new long[24];
        long previous = -1;
        for (long i = 0; i < deliveries; i++) {
            long offset = shape.startOffsetNanos(i);
            assertThat(offset).as("delivery %d", i).isGreaterThanOrEqualTo(previous).isLessThan(dayIn.toNanos());
            previous = offset;
            perHour[(int) (offset / Duration.ofMinutes(1).toNanos())]++;
        }
        double total = java.util.Arrays.stream(TrafficShape.HOURLY).sum();
        for (int hour = 0; hour < 24; hour++) {
            // each compressed hour gets its share of the day's hand-overs
            assertThat((double) perHour[hour]).as("hour %d", hour)
                    .isCloseTo(deliveries * TrafficShape.HOURLY[hour] / total, within(2.0));
        }
        int busiest = 0;
        for (int hour = 1; hour < 24; hour++) {
            busiest = perHour[hour] > perHour[busiest] ? hour : busiest;
        }
        assertThat(busiest).as("the dinner peak").isEqualTo(18);
        assertThat(perHour[18]).isGreaterThan(perHour[4] * 20);
    }

    @Test
    void aCompressedDayShortensEachLifeByTheSameFactor() {
        // 24 h into 24 min: a factor of 60, so the rider's ~3 minutes become ~3 seconds and delivery's ~18 min ~18 s
        TrafficShape shape = new TrafficShape(LoadOptions.parse("--token", "t", "--day-in", "24m"));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            assertThat(shape.toAssignmentNanos(random)).isBetween(Duration.ofMillis(1500).toNanos(),
                    Duration.ofMillis(4500).toNanos());
            assertThat(shape.toPickUpNanos(random)).isBetween(Duration.ofSeconds(6).toNanos(),
                    Duration.ofSeconds(18).toNanos());
            assertThat(shape.toDeliveryNanos(random)).isBetween(Duration.ofSeconds(9).toNanos(),
                    Duration.ofSeconds(27).toNanos());
        }
    }
}
