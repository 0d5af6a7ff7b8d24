package delivery.adapter.out.routing;

import java.time.Instant;

import org.springframework.stereotype.Component;

import delivery.application.port.out.RouteDeliveryPort;
import delivery.domain.DeliveryId;
import delivery.domain.HandOver;
import delivery.domain.ServiceAssignment;
import routing.DeliveryRouter;
import routing.Route;
import routing.RouteRequest;

/** Asks the routing module, through its API, which delivery service takes a new delivery. */
@Component
class RoutingModuleAdapter implements RouteDeliveryPort {

    private final DeliveryRouter router;

    RoutingModuleAdapter(DeliveryRouter router) {
        this.router = router;
    }

    @Override
    public ServiceAssignment route(DeliveryId id, HandOver handOver, Instant at) {
        Route route = router.route(new RouteRequest(id.value(), handOver.order().orderService(),
                handOver.pickup().latitude(), handOver.pickup().longitude(), at));
        return new ServiceAssignment(route.deliveryService(), route.rule(), route.ruleSetVersion());
    }
}
