/**
 * Delivery lifecycle: takes deliveries handed over by order services and follows each from creation to delivery
 * or cancellation, publishing every change as a {@link delivery.DeliveryEvent}.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "routing", "outbox :: envelope" })
package delivery;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
