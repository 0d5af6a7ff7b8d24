package delivery.application.port.out;

import delivery.DeliveryEvent;

/** Publishes an event inside the current transaction: it is kept exactly if the transaction commits. */
public interface PublishDeliveryEventPort {

    void publish(DeliveryEvent event);
}
