package delivery.application.port.out;

import delivery.domain.Delivery;

public interface SaveDeliveryPort {

    /** @throws OrderAlreadyHandedOverException if a delivery for the same order exists */
    void insert(Delivery delivery);

    /**
     * Writes the delivery's new state if the stored row is still at {@code expectedVersion}.
     *
     * @throws StaleDeliveryException if another transaction changed the row first
     */
    void update(Delivery delivery, long expectedVersion);

    class OrderAlreadyHandedOverException extends RuntimeException {
        public OrderAlreadyHandedOverException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    class StaleDeliveryException extends RuntimeException {
        public StaleDeliveryException(String message) {
            super(message);
        }
    }
}
