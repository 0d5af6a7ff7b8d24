/**
 * Transactional outbox: writes externalized domain events, in the transaction that caused them, into outbox tables
 * split per destination topic and by key hash, and relays those tables to Kafka.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "delivery :: events")
package outbox;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
