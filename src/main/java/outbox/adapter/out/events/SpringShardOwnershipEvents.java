package outbox.adapter.out.events;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import outbox.application.port.out.AnnounceShardOwnershipPort;
import outbox.domain.ShardAcquired;
import outbox.domain.ShardReleased;

/**
 * Announces ownership changes as Spring application events. Listeners run synchronously on the announcing
 * thread, which is what lets a release return only once the reader has stopped.
 */
@Component
class SpringShardOwnershipEvents implements AnnounceShardOwnershipPort {

    private final ApplicationEventPublisher publisher;

    SpringShardOwnershipEvents(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void announce(ShardAcquired acquired) {
        publisher.publishEvent(acquired);
    }

    @Override
    public void announce(ShardReleased released) {
        publisher.publishEvent(released);
    }
}
