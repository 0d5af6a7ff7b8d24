package analytics.adapter.out.parquet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.duckdb.DuckDBConnection;
import org.springframework.util.unit.DataSize;

import analytics.domain.archive.ArchiveFile;

/**
 * Opens DuckDB with its defaults pinned: DuckDB would otherwise take 80 % of the machine's memory (outside the Java
 * heap), a thread per core, the session's time zone for timestamps, and download extensions from the network on
 * first use.
 */
final class DuckDb {

    private DuckDb() {
    }

    /** Settings DuckDB accepts when a database is opened. */
    static Properties settings(DataSize memoryLimit, int threads, Path tempDirectory) {
        Properties settings = new Properties();
        settings.setProperty("memory_limit", memoryLimit.toMegabytes() + "MB");
        settings.setProperty("threads", Integer.toString(threads));
        settings.setProperty("temp_directory", tempDirectory.toAbsolutePath().toString());
        settings.setProperty("autoinstall_known_extensions", "false");
        settings.setProperty("autoload_known_extensions", "false");
        return settings;
    }

    static DuckDBConnection open(String url, Properties settings) throws SQLException {
        Connection connection = DriverManager.getConnection(url, settings);
        try (Statement statement = connection.createStatement()) {
            // settings of extensions that are built in (ICU, Parquet): only settable once the database is open
            statement.execute("SET TimeZone = 'UTC'");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection.unwrap(DuckDBConnection.class);
    }

    /** A SQL string literal; DuckDB cannot bind parameters in COPY targets or table functions' file lists. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String literal(Path path) {
        return literal(path.toAbsolutePath().normalize().toString());
    }

    /** Every finished file of the archive, as a glob. */
    static String archiveGlob(Path archive) {
        return literal(archive.toAbsolutePath().normalize() + "/dt=*/hr=*/*" + ArchiveFile.EXTENSION);
    }
}
