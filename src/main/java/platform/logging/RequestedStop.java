package platform.logging;

/**
 * Marks an exception that ends a piece of work because someone asked it to stop, not because it failed: the
 * relay's shard reader interrupted because its shard was released. Third-party code that reports such an
 * exception as an ERROR (Debezium's engine does) is logged at INFO instead by {@link KnownNoiseFilter}; an
 * exception without this mark keeps its level.
 */
public interface RequestedStop {
}
