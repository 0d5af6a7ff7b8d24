package delivery.adapter.out.events;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import delivery.DeliveryEvent;
import delivery.application.port.out.PublishDeliveryEventPort;

/**
 * Publishes delivery events as Spring application events. Synchronous listeners (the outbox) run inside the
 * caller's transaction, so an event is stored exactly when the change that caused it commits.
 */
@Component
class SpringDeliveryEvents implements PublishDeliveryEventPort {

    private final ApplicationEventPublisher publisher;

    SpringDeliveryEvents(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void publish(DeliveryEvent event) {
        publisher.publishEvent(event);
    }
}
