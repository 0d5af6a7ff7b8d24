/**
 * The analytics module's use cases where there is logic beyond one adapter: the operators' re-drive of dead
 * letters. The integration step itself has none here on purpose: its rules are domain
 * ({@code analytics.domain.DeliveryIntegration}), and its state and output are a Kafka Streams task's own stores
 * and record forwarding, which exist only inside the processor; ports between a processor and its own stores would
 * be indirection with a single, inseparable implementation.
 */
@NullMarked
package analytics.application;

import org.jspecify.annotations.NullMarked;
