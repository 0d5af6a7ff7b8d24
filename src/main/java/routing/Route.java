package routing;

/**
 * Where a delivery goes: the delivery service, the id of the rule that chose it ({@code fallback} when none
 * matched) and the version of the rule set that rule belongs to.
 */
public record Route(String deliveryService, String rule, long ruleSetVersion) {
}
