package delivery.domain;

/** The order a delivery was handed over for; unique per order service, which makes the hand-over idempotent. */
public record OrderReference(String orderService, String orderId) {
}
