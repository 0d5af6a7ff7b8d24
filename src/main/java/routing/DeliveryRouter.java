package routing;

/**
 * Chooses the delivery service for a new delivery with the rule set active on this instance. Answers from memory:
 * safe to call inside the transaction that creates the delivery.
 */
public interface DeliveryRouter {

    Route route(RouteRequest request);
}
