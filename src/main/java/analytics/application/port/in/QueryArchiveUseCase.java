package analytics.application.port.in;

import analytics.domain.archive.ArchiveQueryResult;

/**
 * Runs an analyst's SQL over the archive, read-only, with a row limit and a time limit. The archive appears as
 * the view {@code deliveries} (one row per archived record, columns as in the README).
 */
public interface QueryArchiveUseCase {

    /** @throws ArchiveQueryException when the statement is refused, invalid or over a limit */
    ArchiveQueryResult query(ArchiveQuery query);
}
