package analytics.application.port.out;

import java.time.Instant;
import java.util.UUID;

/**
 * The deliveries erased from the archive, kept durably: the writer never archives their records again, even when a
 * replay after a crash brings them back.
 */
public interface ErasureRegisterPort {

    /** Records the erasure durably before it returns; recording an id again changes nothing. */
    void record(UUID deliveryId, String requestedBy, Instant at);

    boolean isErased(UUID deliveryId);
}
