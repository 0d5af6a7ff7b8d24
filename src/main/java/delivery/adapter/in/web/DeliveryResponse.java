package delivery.adapter.in.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import delivery.DeliveryStatus;
import delivery.application.port.in.FindDeliveriesQuery;
import delivery.domain.Delivery;
import delivery.domain.Place;

/** A delivery as the API shows it. {@code version} is also sent as the ETag. */
record DeliveryResponse(UUID id, String orderService, String orderId, DeliveryStatus status, String shopName,
        PlaceJson pickup, PlaceJson dropoff, Instant requestedAt, @Nullable String deliveryService,
        @Nullable String routingRule, @Nullable Long routingRuleSetVersion, @Nullable String riderId,
        @Nullable Instant riderAssignedAt, @Nullable Instant pickupReadyRequestedAt, @Nullable Instant pickedUpAt,
        @Nullable Instant deliveredAt, @Nullable Instant cancelledAt, @Nullable String cancelReason, long version,
        Instant createdAt, Instant updatedAt) {

    record PlaceJson(String address, BigDecimal latitude, BigDecimal longitude) {
        static PlaceJson of(Place place) {
            return new PlaceJson(place.address(), place.latitude(), place.longitude());
        }
    }

    record PageResponse(List<DeliveryResponse> items, int page, int size, boolean hasNext) {
        static PageResponse of(FindDeliveriesQuery.Page page) {
            return new PageResponse(page.items().stream().map(DeliveryResponse::of).toList(), page.page(),
                    page.size(), page.hasNext());
        }
    }

    static DeliveryResponse of(Delivery.Snapshot s) {
        var handOver = s.handOver();
        return new DeliveryResponse(s.id().value(), handOver.order().orderService(), handOver.order().orderId(),
                s.status(), handOver.shopName(), PlaceJson.of(handOver.pickup()), PlaceJson.of(handOver.dropoff()),
                handOver.requestedAt(), s.assignment() == null ? null : s.assignment().deliveryService(),
                s.assignment() == null ? null : s.assignment().rule(),
                s.assignment() == null ? null : s.assignment().ruleSetVersion(), s.riderId(), s.riderAssignedAt(), s.pickupReadyRequestedAt(), s.pickedUpAt(),
                s.deliveredAt(), s.cancelledAt(), s.cancelReason(), s.version(), s.createdAt(), s.updatedAt());
    }
}
