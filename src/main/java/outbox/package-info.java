/**
 * Transactional outbox: writes externalized domain events of any module, in the transaction that caused them, into
 * outbox tables split per destination topic and by key hash, and relays those tables to Kafka.
 *
 * <p>API (named interface {@code envelope}): {@link outbox.ExportedEvent}, the envelope an event carries, and
 * {@link outbox.EventEnvelope}, the header names consumers read. The outbox knows no other module.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package outbox;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
