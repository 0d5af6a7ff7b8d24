package analytics.adapter.out.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import analytics.application.ArchiveProperties;
import analytics.application.port.out.CollectArchiveRowsPort;
import analytics.application.port.out.ReadArchivedRowsPort;
import analytics.domain.archive.ArchiveEntry;
import analytics.domain.archive.ArchiveFile;
import analytics.domain.archive.ArchiveHour;

/**
 * The writer's DuckDB: an in-memory database with one table of collected rows per source partition, filled with
 * DuckDB's appender, and written with {@code COPY ... TO '<staging>/<name>.tmp' (FORMAT parquet)}, one file per
 * record-time hour. One thread (the writer's) at a time uses its connection, under the archive lock; reads of
 * finished files for an erasure search use their own connection, in parallel.
 *
 * <p>COPY writes single files rather than a partitioned tree: {@code PARTITION_BY} names files itself, and
 * {@code OVERWRITE} would delete the whole target directory; naming and moving the file ourselves keeps the names
 * deterministic and the move atomic.
 */
@Component
@ConditionalOnBooleanProperty(name = "relay.analytics.archive.enabled", matchIfMissing = true)
class DuckDbArchive implements CollectArchiveRowsPort, ReadArchivedRowsPort, AutoCloseable {

    static final String STAGED_SUFFIX = ".tmp";
    private static final String PARQUET = "(FORMAT parquet, COMPRESSION zstd)";

    private final DuckDBConnection connection;
    private final Path archive;
    private final Path staging;
    private final Map<Integer, DuckDBAppender> appenders = new HashMap<>();
    private final TreeSet<Integer> tables = new TreeSet<>();
    private final Map<Integer, List<Path>> stagedFiles = new HashMap<>();

    DuckDbArchive(ArchiveProperties properties) throws SQLException, IOException {
        this.archive = Files.createDirectories(properties.directory()).toAbsolutePath().normalize();
        Path work = Files.createDirectories(properties.workDirectory()).toAbsolutePath().normalize();
        this.staging = Files.createDirectories(work.resolve("staging"));
        // what a crash left half-written: never moved into the archive, never committed
        try (Stream<Path> leftovers = Files.list(staging)) {
            for (Path leftover : leftovers.toList()) {
                Files.deleteIfExists(leftover);
            }
        }
        this.connection = DuckDb.open("jdbc:duckdb:", DuckDb.settings(properties.writerMemoryLimit(), 1,
                Files.createDirectories(work.resolve("duckdb-writer-tmp"))));
    }

    @Override
    public void add(ArchiveEntry entry) {
        try {
            DuckDBAppender appender = appender(entry.partition());
            appender.beginRow();
            for (ArchiveColumns.Column column : ArchiveColumns.ALL) {
                Object value = ArchiveColumns.appendable(column, entry);
                switch (value) {
                    case null -> appender.appendNull();
                    case String text -> appender.append(text);
                    case Integer number -> appender.append(number.intValue());
                    case Long number -> appender.append(number.longValue());
                    case java.math.BigDecimal decimal -> appender.append(decimal);
                    case java.time.OffsetDateTime time -> appender.append(time);
                    default -> throw new IllegalStateException("no appender for " + value.getClass());
                }
            }
            ArchiveHour hour = entry.hour();
            appender.append(hour.date()).append(hour.hour()).endRow();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not collect a row of partition " + entry.partition(), e);
        }
    }

    private DuckDBAppender appender(int partition) throws SQLException {
        DuckDBAppender appender = appenders.get(partition);
        if (appender == null) {
            if (tables.add(partition)) {
                try (Statement statement = connection.createStatement()) {
                    // _dt and _hr place a row in its file; they are not written: the directory names carry them
                    statement.execute("CREATE OR REPLACE TABLE " + table(partition) + " ("
                            + ArchiveColumns.DEFINITIONS + ", _dt DATE, _hr INTEGER)");
                }
            }
            appender = connection.createAppender("main", table(partition));
            appenders.put(partition, appender);
        }
        return appender;
    }

    private void flush(int partition) throws SQLException {
        DuckDBAppender appender = appenders.remove(partition);
        if (appender != null) {
            appender.close();
        }
    }

    @Override
    public List<StagedFile> stage(String topic, int partition) {
        if (!tables.contains(partition)) {
            return List.of();
        }
        try {
            flush(partition);
            List<StagedFile> staged = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                List<Object[]> hours = new ArrayList<>();
                try (ResultSet groups = statement.executeQuery("SELECT _dt, _hr, min(source_offset), count(*) FROM "
                        + table(partition) + " GROUP BY _dt, _hr ORDER BY 3")) {
                    while (groups.next()) {
                        hours.add(new Object[] { groups.getObject(1, LocalDate.class), groups.getInt(2),
                                groups.getLong(3), groups.getLong(4) });
                    }
                }
                for (Object[] hour : hours) {
                    ArchiveFile file = new ArchiveFile(topic, partition, (Long) hour[2],
                            new ArchiveHour((LocalDate) hour[0], (Integer) hour[1]));
                    Path path = staging.resolve(file.name() + STAGED_SUFFIX);
                    Files.deleteIfExists(path);
                    stagedFiles.computeIfAbsent(partition, p -> new ArrayList<>()).add(path);
                    statement.execute("COPY (SELECT " + ArchiveColumns.NAMES + " FROM " + table(partition)
                            + " WHERE _dt = DATE " + DuckDb.literal(hour[0].toString()) + " AND _hr = " + hour[1]
                            + " ORDER BY source_offset) TO " + DuckDb.literal(path) + " " + PARQUET);
                    staged.add(new StagedFile(file, path, (Long) hour[3]));
                }
            }
            return staged;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the files of partition " + partition, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void discard(int partition) {
        try {
            flush(partition);
            if (tables.remove(partition)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + table(partition));
                }
            }
            for (Path path : stagedFiles.getOrDefault(partition, List.of())) {
                Files.deleteIfExists(path);
            }
            stagedFiles.remove(partition);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop the rows of partition " + partition, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long removeDelivery(UUID deliveryId) {
        long removed = 0;
        try {
            for (int partition : tables) {
                flush(partition);
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table(partition) + " WHERE delivery_id = ?")) {
                    delete.setString(1, deliveryId.toString());
                    removed += delete.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not remove a delivery's open rows", e);
        }
        return removed;
    }

    @Override
    public List<ArchiveFile> filesContaining(UUID deliveryId) {
        String glob = DuckDb.archiveGlob(archive);
        try (DuckDBConnection reader = connection.duplicate(); Statement statement = reader.createStatement()) {
            try (ResultSet files = statement.executeQuery("SELECT count(*) FROM glob(" + glob + ")")) {
                files.next();
                if (files.getLong(1) == 0) {
                    return List.of();
                }
            }
            List<ArchiveFile> found = new ArrayList<>();
            try (PreparedStatement search = reader.prepareStatement("SELECT DISTINCT filename FROM read_parquet("
                    + glob + ", filename = true, hive_partitioning = false, union_by_name = true) "
                    + "WHERE delivery_id = ? ORDER BY filename")) {
                search.setString(1, deliveryId.toString());
                try (ResultSet files = search.executeQuery()) {
                    while (files.next()) {
                        String relative = archive.relativize(Path.of(files.getString(1))).toString();
                        ArchiveFile.parse(relative).ifPresent(found::add);
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not search the archive for a delivery", e);
        }
    }

    @Override
    public Rewrite stageWithout(ArchiveFile file, Path source, UUID deliveryId) {
        String rows = "read_parquet(" + DuckDb.literal(source) + ", hive_partitioning = false)";
        String id = DuckDb.literal(deliveryId.toString());
        try (DuckDBConnection writer = connection.duplicate(); Statement statement = writer.createStatement()) {
            long removed;
            long total;
            try (ResultSet counts = statement.executeQuery(
                    "SELECT count(*) FILTER (WHERE delivery_id = " + id + "), count(*) FROM " + rows)) {
                counts.next();
                removed = counts.getLong(1);
                total = counts.getLong(2);
            }
            long kept = total - removed;
            if (removed == 0 || kept == 0) {
                return new Rewrite(null, kept, removed);
            }
            Path path = staging.resolve(file.name() + ".erasure" + STAGED_SUFFIX);
            Files.deleteIfExists(path);
            // the same columns in the same order, minus the delivery's rows: "SELECT *" of a file without its
            // hive columns is exactly its schema
            statement.execute("COPY (SELECT * FROM " + rows + " WHERE delivery_id IS DISTINCT FROM " + id
                    + " ORDER BY source_offset) TO " + DuckDb.literal(path) + " " + PARQUET);
            return new Rewrite(new StagedFile(file, path, kept), kept, removed);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not rewrite " + file.path(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OptionalLong highestOffset(List<Path> files) {
        if (files.isEmpty()) {
            return OptionalLong.empty();
        }
        String list = files.stream().map(DuckDb::literal).collect(Collectors.joining(", ", "[", "]"));
        try (DuckDBConnection reader = connection.duplicate(); Statement statement = reader.createStatement();
                ResultSet highest = statement.executeQuery("SELECT max(source_offset) FROM read_parquet(" + list
                        + ", hive_partitioning = false, union_by_name = true)")) {
            highest.next();
            long value = highest.getLong(1);
            return highest.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the highest archived offset", e);
        }
    }

    private static String table(int partition) {
        return "collected_" + partition;
    }

    /** For tests: rows collected and not yet written, per partition. */
    Map<Integer, Long> collectedRows() {
        Map<Integer, Long> counts = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (int partition : tables) {
                flush(partition);
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table(partition))) {
                    count.next();
                    counts.put(partition, count.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    @Override
    public void close() throws SQLException {
        for (DuckDBAppender appender : appenders.values()) {
            appender.close();
        }
        appenders.clear();
        connection.close();
    }
}
