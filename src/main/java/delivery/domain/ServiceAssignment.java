package delivery.domain;

/**
 * The delivery service a new delivery was routed to, the routing rule that chose it ({@code fallback} if none
 * matched) and the version of the rule set it was chosen under: enough to explain any assignment later.
 */
public record ServiceAssignment(String deliveryService, String rule, long ruleSetVersion) {
}
