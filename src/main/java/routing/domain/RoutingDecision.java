package routing.domain;

import org.jspecify.annotations.Nullable;

/** The chosen delivery service and the rule that chose it ({@code null} rule: the fallback). */
public record RoutingDecision(String deliveryService, @Nullable String rule) {

    public static final String FALLBACK = "fallback";

    /** The rule's id, or {@value #FALLBACK}: what is recorded on the delivery. */
    public String ruleOrFallback() {
        return rule == null ? FALLBACK : rule;
    }
}
