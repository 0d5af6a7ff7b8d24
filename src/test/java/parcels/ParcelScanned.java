package parcels;

import java.time.Instant;
import java.util.UUID;

import org.springframework.modulith.events.Externalized;

import outbox.ExportedEvent;

/**
 * A test-only event of a module the outbox has never heard of. Its key is an expression, not a plain accessor,
 * so a record keyed {@code ICN/P-1} proves that the key was evaluated.
 */
@Externalized(ParcelScanned.TOPIC + "::#{depot() + '/' + parcelId()}")
public record ParcelScanned(UUID eventId, String depot, String parcelId, long sequence, Instant occurredAt,
        String scanner) implements ExportedEvent {

    /** Registered in outbox_topic by the test migration {@code db/second-stream/V1000__parcel_stream.sql}. */
    public static final String TOPIC = "test.parcels";

    @Override
    public String aggregateType() {
        return "parcel";
    }
}
