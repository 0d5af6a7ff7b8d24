package analytics.domain.archive;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A query's answer over the archive: columns, rows and whether more rows were there.
 *
 * @param rows      values as Java types: String, Boolean, Integer, Long, BigInteger, BigDecimal, Double, LocalDate,
 *                  OffsetDateTime, UUID, or their text for anything else
 * @param truncated more rows were there than {@code maxRows}
 */
public record ArchiveQueryResult(List<Column> columns, List<List<@Nullable Object>> rows, boolean truncated,
        int maxRows, long elapsedMillis) {

    public ArchiveQueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** @param type DuckDB's name of the type, e.g. {@code BIGINT}, {@code TIMESTAMP WITH TIME ZONE} */
    public record Column(String name, String type) {
    }
}
