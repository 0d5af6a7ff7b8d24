package delivery.application.port.out;

import java.time.Instant;

import delivery.domain.DeliveryId;
import delivery.domain.HandOver;
import delivery.domain.ServiceAssignment;

/** Chooses the delivery service for a new delivery. Answers from memory; no I/O on the hand-over path. */
public interface RouteDeliveryPort {

    ServiceAssignment route(DeliveryId id, HandOver handOver, Instant at);
}
