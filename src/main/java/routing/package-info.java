/**
 * Routing: assigns each new delivery to a delivery service by operator-set rules. Every instance keeps the
 * active rule set in memory and routes without a database round trip; a saved change is announced on the event
 * bus (Spring Cloud Bus over Kafka) so that every instance of the destination group reloads, and a periodic
 * version check catches up an instance that missed the announcement.
 *
 * <p>API: {@link routing.DeliveryRouter}, {@link routing.RouteRequest}, {@link routing.Route}.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package routing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
