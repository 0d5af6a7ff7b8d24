/**
 * Delivery analytics: Kafka Streams over {@code delivery.events}, reached through Kafka only, never through
 * another module's code. Built so far: the sequence guard that drops duplicates by event id and counts gaps and
 * late events per delivery. Still to come (its own issue): the integrated per-delivery event, its archive, live
 * stores exported as gauges, anomaly alarms.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "outbox :: envelope", "delivery :: events" })
package analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
