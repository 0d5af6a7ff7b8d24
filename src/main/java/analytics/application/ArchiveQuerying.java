package analytics.application;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Service;

import analytics.application.port.in.ArchiveQuery;
import analytics.application.port.in.ArchiveQueryException;
import analytics.application.port.in.ArchiveQueryException.Reason;
import analytics.domain.archive.ArchiveQueryResult;
import analytics.application.port.in.QueryArchiveUseCase;
import analytics.application.port.out.RunArchiveQueryPort;
import analytics.application.port.out.RunArchiveQueryPort.QueryFailedException;

/** Applies the configured limits; the engine behind the port enforces what a statement may touch. */
@Service
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class ArchiveQuerying implements QueryArchiveUseCase {

    private final RunArchiveQueryPort engine;
    private final ArchiveProperties.Query limits;

    ArchiveQuerying(RunArchiveQueryPort engine, ArchiveProperties properties) {
        this.engine = engine;
        this.limits = properties.query();
    }

    @Override
    public ArchiveQueryResult query(ArchiveQuery query) {
        Integer requested = query.maxRows();
        int maxRows = requested == null ? limits.maxRows() : Math.min(requested, limits.maxRows());
        try {
            return engine.run(query.sql(), query.parameters(), maxRows, limits.timeLimit());
        } catch (QueryFailedException e) {
            throw new ArchiveQueryException(switch (e.kind()) {
                case INVALID -> Reason.INVALID;
                case REFUSED -> Reason.REFUSED;
                case LIMIT_EXCEEDED -> Reason.TOO_EXPENSIVE;
            }, e.getMessage() == null ? e.kind().name() : e.getMessage());
        }
    }
}
