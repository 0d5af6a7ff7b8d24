/**
 * Delivery analytics: Kafka Streams over the delivery events topic (integrated per-delivery history, live state
 * stores, anomaly alarms). Not built yet; it will consume {@code delivery.events} through Kafka only.
 */
@NullMarked
package analytics;

import org.jspecify.annotations.NullMarked;
