package routing.domain;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A checked rule set in the form that routes: rules sorted by priority, zones resolved, times parsed. Routing a
 * delivery is a walk over a short in-memory list; nothing here touches the database.
 */
public final class RoutingTable {

    private final ZoneId timeZone;
    private final List<Rule> rules;
    private final String fallback;

    RoutingTable(ZoneId timeZone, List<Rule> rulesByPriority, String fallback) {
        this.timeZone = timeZone;
        this.rules = List.copyOf(rulesByPriority);
        this.fallback = fallback;
    }

    public RoutingDecision route(RoutingInput input) {
        ZonedDateTime localTime = input.at().atZone(timeZone);
        for (Rule rule : rules) {
            if (rule.matches(input, localTime)) {
                return new RoutingDecision(rule.split.pick(input.deliveryId()), rule.id);
            }
        }
        return new RoutingDecision(fallback, null);
    }

    record Rule(String id, List<Area> areas, Set<String> orderServices, @Nullable Window window, Split split) {

        boolean matches(RoutingInput input, ZonedDateTime localTime) {
            return (orderServices.isEmpty() || orderServices.contains(input.orderService()))
                    && (areas.isEmpty() || areas.stream()
                            .anyMatch(area -> area.contains(input.pickupLatitude(), input.pickupLongitude())))
                    && (window == null || window.contains(localTime));
        }
    }

    record Area(BigDecimal south, BigDecimal west, BigDecimal north, BigDecimal east) {

        boolean contains(BigDecimal latitude, BigDecimal longitude) {
            return south.compareTo(latitude) <= 0 && latitude.compareTo(north) <= 0
                    && west.compareTo(longitude) <= 0 && longitude.compareTo(east) <= 0;
        }
    }

    /** {@code untilMidnight}: {@code to} was 24:00, the end of the day {@code from} is on. */
    record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to, boolean untilMidnight) {

        boolean contains(ZonedDateTime at) {
            LocalTime time = at.toLocalTime();
            DayOfWeek day = at.getDayOfWeek();
            if (untilMidnight) {
                return onDay(day) && !time.isBefore(from);
            }
            if (from.isBefore(to)) {
                return onDay(day) && !time.isBefore(from) && time.isBefore(to);
            }
            // crosses midnight: the early-morning part belongs to the window that started the day before
            if (!time.isBefore(from)) {
                return onDay(day);
            }
            return time.isBefore(to) && onDay(day.minus(1));
        }

        private boolean onDay(DayOfWeek day) {
            return days.isEmpty() || days.contains(day);
        }
    }

    /**
     * A weighted choice that depends only on the delivery id and the rule: the same delivery always lands on the
     * same service under the same rule, and different rules split independently of each other.
     */
    record Split(List<String> services, int[] cumulativeWeights, long salt) {

        String pick(UUID deliveryId) {
            int total = cumulativeWeights[cumulativeWeights.length - 1];
            long bucket = Long.remainderUnsigned(mix(deliveryId.getMostSignificantBits() ^ mix(
                    deliveryId.getLeastSignificantBits() ^ salt)), total);
            for (int i = 0; i < cumulativeWeights.length; i++) {
                if (bucket < cumulativeWeights[i]) {
                    return services.get(i);
                }
            }
            throw new IllegalStateException("bucket " + bucket + " beyond total weight " + total);
        }

        /** SplitMix64's finalizer: every input bit affects every output bit, so time-ordered ids spread evenly. */
        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }
    }
}
