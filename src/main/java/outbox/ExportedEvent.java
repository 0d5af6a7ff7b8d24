package outbox;

import java.time.Instant;
import java.util.UUID;

import org.springframework.modulith.NamedInterface;

/**
 * An event that carries its own envelope, the way the Debezium outbox example's {@code ExportedEvent} does, so that
 * the outbox writes any module's events without knowing the module. Mark the type with Spring Modulith's
 * {@code @Externalized("<topic>::#{<key expression>}")} and publish it as an application event inside the
 * transaction that caused it: the outbox stores it in that transaction, in the shard table of its topic that its
 * evaluated key hashes to, and the relay sends it with the key as Kafka record key and these values as headers
 * ({@link EventEnvelope}).
 *
 * <p>The key identifies the aggregate ({@code aggregate_id}); {@link #sequence()} counts that aggregate's events.
 */
@NamedInterface("envelope")
public interface ExportedEvent {

    /** Unique per event; consumers drop what they have already processed. */
    UUID eventId();

    /** 1, 2, 3 … per aggregate (the key), without gaps: consumers see gaps and reordering. */
    long sequence();

    /** When it happened, not when it was relayed. */
    Instant occurredAt();

    /** The aggregate the key identifies, e.g. {@code delivery}. */
    String aggregateType();

    /**
     * The version of the payload's shape. Fields are only ever added within one version; a change of meaning, or a
     * field removed or made mandatory, gets a new version (and a new schema file).
     */
    default int schemaVersion() {
        return 1;
    }

    /** The event's name on the wire; the simple class name unless a type says otherwise. */
    default String eventType() {
        return getClass().getSimpleName();
    }
}
