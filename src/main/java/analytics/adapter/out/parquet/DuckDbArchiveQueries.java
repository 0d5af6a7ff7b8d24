package analytics.adapter.out.parquet;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import analytics.application.ArchiveProperties;
import analytics.domain.archive.ArchiveQueryResult;
import analytics.application.port.out.RunArchiveQueryPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs analysts' SQL over the archive, locked down by DuckDB itself:
 * <ul>
 * <li>DuckDB's own parser must find exactly one SELECT statement ({@code json_serialize_sql} serializes SELECTs
 * only), checked before the statement is prepared, because preparing a script runs all but its last statement;
 * <li>the database is opened read-only (an empty database file in the work directory);
 * <li>{@code enable_external_access=false} with only the archive in {@code allowed_directories}: no other file,
 * no network, no extension can be reached;
 * <li>no extension is installed or loaded automatically;
 * <li>{@code lock_configuration=true}: a statement cannot change any of this.
 * </ul>
 * The first point is not redundant: DuckDB lets a read-only database {@code COPY} into an allowed directory, which
 * would let a caller plant files in the archive. Memory and threads are pinned for all queries together; each
 * statement has a time limit, its results are streamed and read up to the row limit.
 *
 * <p>The archive appears as the temporary view {@code deliveries} (created per query, so new files are always
 * seen; over an archive without files, an empty view with the same columns).
 */
@Component
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class DuckDbArchiveQueries implements RunArchiveQueryPort, AutoCloseable {

    static final String VIEW = "deliveries";
    static final String DATABASE_FILE = "archive-query.duckdb";

    private static final Logger log = LoggerFactory.getLogger(DuckDbArchiveQueries.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** seconds always shown (toString() drops ":00"), fractions only when there are any */
    private static final DateTimeFormatter ISO_LOCAL = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
    private static final ScheduledExecutorService CANCELLER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("archive-query-deadline").daemon().factory());

    private final Path archive;
    private final Path database;
    private final Properties settings;
    private volatile @Nullable DuckDBConnection root;

    DuckDbArchiveQueries(ArchiveProperties properties) throws IOException {
        this.archive = Files.createDirectories(properties.directory()).toAbsolutePath().normalize();
        Path work = Files.createDirectories(properties.workDirectory()).toAbsolutePath().normalize();
        this.database = work.resolve(DATABASE_FILE);
        ArchiveProperties.Query limits = properties.query();
        this.settings = DuckDb.settings(limits.memoryLimit(), limits.threads(),
                Files.createDirectories(work.resolve("duckdb-query-tmp")));
        settings.setProperty("duckdb.read_only", "true");
        settings.setProperty("jdbc_stream_results", "true");
        settings.setProperty("allowed_directories", "[" + DuckDb.literal(archive + "/") + "]");
        settings.setProperty("enable_external_access", "false");
    }

    private DuckDBConnection root() throws SQLException {
        DuckDBConnection connection = root;
        if (connection == null) {
            synchronized (this) {
                connection = root;
                if (connection == null) {
                    if (!Files.exists(database)) {
                        // an empty database, only so that DuckDB can open one read-only
                        DuckDb.open("jdbc:duckdb:" + database, new Properties()).close();
                    }
                    connection = DuckDb.open("jdbc:duckdb:" + database, settings);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET parquet_metadata_cache = true");
                        statement.execute("SET lock_configuration = true");
                    }
                    root = connection;
                }
            }
        }
        return connection;
    }

    @Override
    public ArchiveQueryResult run(String sql, List<@Nullable Object> parameters, int maxRows, Duration timeLimit) {
        long started = System.nanoTime();
        try (DuckDBConnection connection = root().duplicate()) {
            createView(connection);
            requireOneSelect(connection, sql);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                // cancelled from outside rather than with setQueryTimeout: with streamed results DuckDB reports an
                // interrupted fetch as "Invalid result set", and only this flag tells a timeout from bad SQL
                AtomicBoolean timedOut = new AtomicBoolean();
                ScheduledFuture<?> deadline = CANCELLER.schedule(() -> {
                    timedOut.set(true);
                    try {
                        statement.cancel();
                    } catch (SQLException alreadyDone) {
                        // finished meanwhile
                    }
                }, timeLimit.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    return read(statement, maxRows, started);
                } catch (SQLException e) {
                    if (timedOut.get()) {
                        throw new QueryFailedException(QueryFailedException.Kind.LIMIT_EXCEEDED,
                                "The statement ran longer than the time limit of " + timeLimit.toSeconds()
                                        + " s and was cancelled");
                    }
                    throw e;
                } finally {
                    deadline.cancel(false);
                }
            }
        } catch (SQLException e) {
            throw classify(e);
        }
    }

    private static ArchiveQueryResult read(PreparedStatement statement, int maxRows, long started)
            throws SQLException {
        try (ResultSet results = statement.executeQuery()) {
            ResultSetMetaData meta = results.getMetaData();
            List<ArchiveQueryResult.Column> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(new ArchiveQueryResult.Column(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
            }
            List<List<@Nullable Object>> rows = new ArrayList<>();
            boolean truncated = false;
            while (results.next()) {
                if (rows.size() == maxRows) {
                    truncated = true;
                    break;
                }
                List<@Nullable Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(jsonValue(results.getObject(i)));
                }
                rows.add(row);
            }
            return new ArchiveQueryResult(columns, rows, truncated, maxRows,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    private void createView(DuckDBConnection connection) throws SQLException {
        String glob = DuckDb.archiveGlob(archive);
        try (Statement statement = connection.createStatement()) {
            boolean anyFile;
            try (ResultSet files = statement.executeQuery("SELECT count(*) FROM glob(" + glob + ")")) {
                anyFile = files.next() && files.getLong(1) > 0;
            }
            if (anyFile) {
                try {
                    statement.execute("CREATE TEMP VIEW " + VIEW + " AS SELECT * FROM read_parquet(" + glob
                            + ", hive_partitioning = true, hive_types = {'dt': DATE, 'hr': INTEGER}, "
                            + "union_by_name = true)");
                    return;
                } catch (SQLException filesGoneMeanwhile) {
                    log.debug("Archive view over no files: {}", filesGoneMeanwhile.getMessage());
                }
            }
            statement.execute("CREATE TEMP VIEW " + VIEW + " AS " + ArchiveColumns.EMPTY_SELECT);
        }
    }

    /** DuckDB's parser decides: exactly one statement, and a SELECT (DESCRIBE and SUMMARIZE are SELECTs too). */
    private static void requireOneSelect(DuckDBConnection connection, String sql) throws SQLException {
        JsonNode parsed;
        try (PreparedStatement serialize = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            serialize.setString(1, sql);
            try (ResultSet result = serialize.executeQuery()) {
                result.next();
                parsed = JSON.readTree(result.getString(1));
            }
        }
        if (parsed.path("error").asBoolean(false)) {
            String type = parsed.path("error_type").asString("");
            String message = parsed.path("error_message").asString("not a valid statement");
            throw new QueryFailedException("not implemented".equals(type) ? QueryFailedException.Kind.REFUSED
                    : QueryFailedException.Kind.INVALID, "not implemented".equals(type)
                            ? "Only a single read-only SELECT statement is allowed (" + message + ")"
                            : message);
        }
        int statements = parsed.path("statements").size();
        if (statements != 1) {
            throw new QueryFailedException(statements == 0 ? QueryFailedException.Kind.INVALID
                    : QueryFailedException.Kind.REFUSED,
                    "Exactly one SELECT statement is allowed, found " + statements);
        }
    }

    /**
     * DuckDB's errors start with their kind ("Parser Error: ...", "Permission Error: ..."); the kind decides the
     * answer, the message is shown as it is (it says what to fix and never holds archived values beyond the
     * caller's own statement).
     */
    static QueryFailedException classify(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        String kind = message.contains(":") ? message.substring(0, message.indexOf(':')) : "";
        return switch (kind) {
            case "Permission Error" -> new QueryFailedException(QueryFailedException.Kind.REFUSED, message);
            case "INTERRUPT Error", "Interrupt Error", "Out of Memory Error" ->
                    new QueryFailedException(QueryFailedException.Kind.LIMIT_EXCEEDED, message);
            case "Parser Error", "Syntax Error", "Binder Error", "Catalog Error", "Conversion Error",
                    "Invalid Input Error", "Not implemented Error", "Out of Range Error", "Type Error",
                    "Constraint Error", "IO Error", "Dependency Error", "Sequence Error" ->
                    new QueryFailedException(QueryFailedException.Kind.INVALID, message);
            default -> throw new IllegalStateException("Archive query failed: " + message, e);
        };
    }

    static @Nullable Object jsonValue(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean bool -> bool;
            case Integer number -> number;
            case Long number -> number;
            case Short number -> number.intValue();
            case Byte number -> number.intValue();
            case BigInteger number -> number;
            case BigDecimal number -> number;
            case Double number -> Double.isFinite(number) ? number : number.toString();
            case Float number -> Float.isFinite(number) ? number.doubleValue() : number.toString();
            case java.sql.Timestamp timestamp -> ISO_LOCAL.format(timestamp.toLocalDateTime());
            case java.sql.Date date -> date.toLocalDate().toString();
            case OffsetDateTime time -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
            case LocalDateTime time -> ISO_LOCAL.format(time);
            case Temporal temporal -> temporal.toString();
            default -> value.toString();
        };
    }

    @Override
    public void close() throws SQLException {
        DuckDBConnection connection = root;
        if (connection != null) {
            connection.close();
        }
    }
}
