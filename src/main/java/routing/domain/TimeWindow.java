package routing.domain;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A time-of-day window, {@code from} inclusive to {@code to} exclusive ({@code HH:mm}), on the given days
 * ({@code MONDAY}..; none means every day), read in the rule set's time zone. A window whose end is before its
 * start crosses midnight ({@code 22:00-02:00}) and belongs to the day it starts on; {@code to = 24:00} means the
 * end of the day, so {@code 00:00-24:00} is the whole day.
 */
public record TimeWindow(List<String> days, @Nullable String from, @Nullable String to) {

    public TimeWindow {
        days = RuleSet.nonNullList(days);
    }
}
