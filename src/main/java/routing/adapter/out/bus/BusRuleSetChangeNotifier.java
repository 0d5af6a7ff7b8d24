package routing.adapter.out.bus;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.bus.ServiceMatcher;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import routing.adapter.in.bus.RouteRuleRemoteEvent;
import routing.application.RoutingProperties;
import routing.application.port.out.AnnounceRuleSetChangePort;

/**
 * Announces a saved rule set as a {@link RouteRuleRemoteEvent}. Publishing it as an application event is all it
 * takes: Spring Cloud Bus forwards events that originate here to the bus topic. The event type belongs to the
 * receiving side ({@code adapter.in.bus}); this sender uses it as it is.
 */
@Component
class BusRuleSetChangeNotifier implements AnnounceRuleSetChangePort, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BusRuleSetChangeNotifier.class);

    private final ApplicationEventPublisher publisher;
    private final ObjectProvider<ServiceMatcher> bus;
    private final RoutingProperties properties;
    /**
     * One thread, so announcements leave in the order of the saves; off the request thread, because a send to an
     * unreachable broker blocks for up to the producer's {@code max.block.ms} and the save has already succeeded.
     */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("routing-bus-announce").daemon(true).factory());

    BusRuleSetChangeNotifier(ApplicationEventPublisher publisher, ObjectProvider<ServiceMatcher> bus,
            RoutingProperties properties) {
        this.publisher = publisher;
        this.bus = bus;
        this.properties = properties;
    }

    @Override
    public void announce(long version) {
        ServiceMatcher matcher = bus.getIfAvailable();
        if (matcher == null) {
            log.warn("Event bus disabled: other instances load rule set version {} at their next version check",
                    version);
            return;
        }
        RouteRuleRemoteEvent event = new RouteRuleRemoteEvent(this, matcher.getBusId(), properties.reloadGroup(),
                version);
        sender.execute(() -> {
            try {
                publisher.publishEvent(event);
            } catch (RuntimeException e) {
                // the version is saved; an announcement is only a shortcut to the periodic version check
                log.warn("Could not announce rule set version {} on the bus; other instances load it at their next "
                        + "version check", version, e);
            }
        });
    }

    @Override
    public void destroy() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
    }
}
