/**
 * Delivery analytics: one Kafka Streams step over {@code delivery.events} that judges every event (duplicates,
 * gaps, late events) and merges it into its delivery's integrated record, published on {@code delivery.integrated};
 * unreadable records go to a dead-letter topic that operators can re-drive. Reaches other modules only through
 * Kafka and their published contract types (the delivery events, the envelope header names). Still to come (their
 * own issues): the archive, live stores exported as gauges, anomaly alarms.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "outbox :: envelope", "delivery :: events" })
package analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
