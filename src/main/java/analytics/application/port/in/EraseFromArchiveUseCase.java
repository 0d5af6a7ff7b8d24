package analytics.application.port.in;

import java.util.UUID;

/**
 * Removes one delivery's rows from the archive (a data subject's erasure request): its open-batch rows and every
 * archived file that holds them, rewritten without them and moved into place atomically (uploaded again to the
 * mirror, if one is configured). The delivery id is first recorded in the erasure register, so records of that
 * delivery that arrive or are replayed later are never archived again.
 */
public interface EraseFromArchiveUseCase {

    ErasureReport erase(UUID deliveryId, String requestedBy);

    /**
     * @param rowsRemoved     rows removed from archived files
     * @param filesRewritten  files that kept other rows and were rewritten
     * @param filesDeleted    files that held only this delivery's rows and are gone
     * @param openRowsRemoved rows dropped from batches not yet written
     */
    record ErasureReport(UUID deliveryId, long rowsRemoved, int filesRewritten, int filesDeleted,
            long openRowsRemoved) {
    }
}
