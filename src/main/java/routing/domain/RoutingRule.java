package routing.domain;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One routing rule. Its conditions are ANDed, and a condition left empty matches everything: a rule with
 * {@code zones = [gangnam]} and a lunch {@code window} matches lunch-time deliveries picked up in Gangnam from any
 * order service. The matching delivery goes to one of the {@code split}'s services, chosen by weight and
 * deterministically by delivery id.
 *
 * @param id the rule's name, unique in its rule set, recorded on every delivery it routes
 * @param priority unique; lower numbers are evaluated first
 */
public record RoutingRule(@Nullable String id, @Nullable Integer priority, List<String> zones,
        List<String> orderServices, @Nullable TimeWindow window, List<Share> split) {

    public RoutingRule {
        zones = RuleSet.nonNullList(zones);
        orderServices = RuleSet.nonNullList(orderServices);
        split = RuleSet.nonNullList(split);
    }

    /** A part of a rule's traffic: {@code weight} out of the sum of the split's weights. */
    public record Share(@Nullable String service, @Nullable Integer weight) {
    }
}
