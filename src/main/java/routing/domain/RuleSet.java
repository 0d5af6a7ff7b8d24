package routing.domain;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A routing rule set as an operator writes it: the delivery services that exist, named zones, rules and the
 * mandatory fallback service. It is only a document; {@link #compile()} checks it whole and turns it into the
 * {@link RoutingTable} that routes deliveries, so an invalid rule set can be reported rule by rule but never used.
 *
 * <p>Fields stay as written (times as text, the time zone as its id) so that a mistake in any of them becomes a
 * listed {@link Violation} instead of a parse error that hides the others.
 *
 * @param timeZone the zone time-of-day windows are read in, e.g. {@code Asia/Seoul}
 * @param services every delivery service a rule may name
 * @param zones named rectangles of the map a rule may match the pick-up location against
 * @param rules evaluated by ascending {@code priority}; the first whose conditions all hold routes the delivery
 * @param fallback the service for a delivery no rule matches
 */
public record RuleSet(@Nullable String timeZone, List<String> services, List<Zone> zones, List<RoutingRule> rules,
        @Nullable String fallback) {

    public RuleSet {
        services = nonNullList(services);
        zones = nonNullList(zones);
        rules = nonNullList(rules);
    }

    /** Checks every part of the rule set and returns the table to route with, or lists everything wrong. */
    public RoutingTable compile() {
        return RuleSetCompiler.compile(this);
    }

    /** What is wrong with this rule set; empty if it can be used. */
    public List<Violation> violations() {
        try {
            compile();
            return List.of();
        } catch (InvalidRuleSetException invalid) {
            return invalid.violations();
        }
    }

    static <T> List<T> nonNullList(@Nullable List<T> list) {
        // a JSON null in a list carries nothing to validate or route with
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
