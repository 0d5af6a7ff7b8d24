/**
 * Routing: assigns each new delivery to a delivery service by operator-set rules kept in memory, reloaded on every
 * instance through the event bus. Not built yet: see the open issue "Routing rules and the event bus".
 */
@NullMarked
package routing;

import org.jspecify.annotations.NullMarked;
