package analytics.application.port.out;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import analytics.domain.archive.ArchiveQueryResult;

/** The query engine over the local archive, locked down so that a statement can only read the archive. */
public interface RunArchiveQueryPort {

    /** @throws QueryFailedException when the engine refuses or fails the statement */
    ArchiveQueryResult run(String sql, List<@Nullable Object> parameters, int maxRows, Duration timeLimit);

    class QueryFailedException extends RuntimeException {

        public enum Kind {
            INVALID, REFUSED, LIMIT_EXCEEDED
        }

        private final Kind kind;

        public QueryFailedException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }
}
