package analytics.application.port.in;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One read-only statement over the archive with its parameters, bound by position ({@code ?} or {@code $1}),
 * never spliced into the text.
 *
 * @param parameters strings, numbers, booleans or null
 * @param maxRows    at most this many rows (capped by the configured limit); null: the configured limit
 */
public record ArchiveQuery(String sql, List<@Nullable Object> parameters, @Nullable Integer maxRows) {

    /** longer statements are refused before DuckDB sees them */
    public static final int MAX_SQL_LENGTH = 20_000;
    public static final int MAX_PARAMETERS = 100;

    public ArchiveQuery {
        if (sql == null || sql.isBlank()) {
            throw new ArchiveQueryException(ArchiveQueryException.Reason.INVALID, "sql is missing");
        }
        if (sql.length() > MAX_SQL_LENGTH) {
            throw new ArchiveQueryException(ArchiveQueryException.Reason.INVALID,
                    "sql is longer than " + MAX_SQL_LENGTH + " characters");
        }
        parameters = parameters == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(parameters));
        if (parameters.size() > MAX_PARAMETERS) {
            throw new ArchiveQueryException(ArchiveQueryException.Reason.INVALID,
                    "more than " + MAX_PARAMETERS + " parameters");
        }
        for (int i = 0; i < parameters.size(); i++) {
            Object parameter = parameters.get(i);
            if (parameter != null && !(parameter instanceof String || parameter instanceof Boolean
                    || parameter instanceof Integer || parameter instanceof Long || parameter instanceof BigDecimal
                    || parameter instanceof Double)) {
                throw new ArchiveQueryException(ArchiveQueryException.Reason.INVALID, "parameters[" + i
                        + "] must be a string, a number, a boolean or null");
            }
        }
        if (maxRows != null && maxRows < 1) {
            throw new ArchiveQueryException(ArchiveQueryException.Reason.INVALID, "maxRows must be at least 1");
        }
    }
}
