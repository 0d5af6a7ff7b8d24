package faultsuite;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Debian's {@code mariadb-server} (10.11 on Debian 12) run as an instance of its own: its data directory, socket
 * and port, configured as the README's production section asks — row-based binary log with full row images,
 * {@code sync_binlog=1}, {@code innodb_flush_log_at_trx_commit=1}, UTC, utf8mb4 — and, with TLS, a server
 * certificate from the private CA and {@code require_secure_transport=ON}. Started and stopped like the system
 * service would be (SIGTERM: a clean shutdown).
 */
final class MariaDbServer {

    static final String INSTALL_DB = "/usr/bin/mariadb-install-db";
    static final String SERVER = "/usr/sbin/mariadbd";
    static final String CLIENT = "/usr/bin/mariadb";

    private final Path home;
    private final int port;
    private final @Nullable TlsMaterial tls;
    private @Nullable Process process;

    MariaDbServer(Path home, int port, @Nullable TlsMaterial tls) {
        this.home = home.toAbsolutePath().normalize();
        this.port = port;
        this.tls = tls;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of(SERVER)) && Files.isExecutable(Path.of(INSTALL_DB));
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return home.resolve("data");
    }

    private Path socket() {
        return home.resolve("run").resolve("mariadb.sock");
    }

    /** Creates the system tables once (what the package's post-install does for the default instance). */
    void initialize() throws IOException, InterruptedException {
        if (Files.isDirectory(dataDir().resolve("mysql"))) {
            return;
        }
        Files.createDirectories(dataDir());
        List<String> command = new ArrayList<>(List.of(INSTALL_DB, "--no-defaults", "--datadir=" + dataDir(),
                "--skip-test-db", "--auth-root-authentication-method=socket"));
        if (runningAsRoot()) {
            command.add("--user=root");
        }
        run(command, Duration.ofMinutes(3), "mariadb-install-db", null);
    }

    void start() throws IOException {
        Files.createDirectories(socket().getParent());
        List<String> command = new ArrayList<>(List.of(SERVER, "--no-defaults",
                "--datadir=" + dataDir(),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + socket(),
                "--pid-file=" + home.resolve("run").resolve("mariadbd.pid"),
                "--log-error=" + home.resolve("error.log"),
                "--server-id=1",
                // relative to the data directory: the binlog index then names files, not absolute paths
                "--log-bin=mysql-bin",
                "--binlog-format=ROW",
                "--binlog-row-image=FULL",
                "--sync-binlog=1",
                "--innodb-flush-log-at-trx-commit=1",
                "--binlog-expire-logs-seconds=259200",
                "--default-time-zone=+00:00",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
                "--skip-name-resolve",
                "--max-connections=400"));
        if (runningAsRoot()) {
            command.add("--user=root");
        }
        if (tls != null) {
            command.addAll(List.of("--ssl-ca=" + tls.caCertificate(), "--ssl-cert=" + tls.certificate("mariadb"),
                    "--ssl-key=" + tls.privateKey("mariadb"), "--require-secure-transport=ON",
                    "--tls-version=TLSv1.2,TLSv1.3"));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("mariadbd.out").toFile())).start();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ", see "
                        + home.resolve("error.log"));
            }
            return answers();
        });
    }

    /** A clean shutdown, as {@code systemctl stop mariadb} does it. */
    void stop() throws InterruptedException {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!running.waitFor(2, TimeUnit.MINUTES)) {
                running.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    /** Runs SQL as the server's root user over its Unix socket and returns what it printed (tab-separated). */
    String sql(String statements) throws IOException, InterruptedException {
        // on standard input, so that passwords in the statements never show in the process list
        return run(List.of(CLIENT, "--no-defaults", "--socket=" + socket(), "--user=root", "--batch",
                "--skip-column-names"), Duration.ofMinutes(1), "mariadb", statements);
    }

    /** The database, the application's user and the binlog reader's user, as the README's prod section has them. */
    void createDatabaseAndUsers(String database, String appUser, String appPassword, String cdcUser,
            String cdcPassword) throws IOException, InterruptedException {
        String requireSsl = tls != null ? " REQUIRE SSL" : "";
        sql("""
                CREATE DATABASE IF NOT EXISTS `%1$s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
                CREATE USER IF NOT EXISTS '%2$s'@'%%' IDENTIFIED BY '%3$s'%6$s;
                GRANT ALL PRIVILEGES ON `%1$s`.* TO '%2$s'@'%%';
                CREATE USER IF NOT EXISTS '%4$s'@'%%' IDENTIFIED BY '%5$s'%6$s;
                GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '%4$s'@'%%';
                GRANT LOCK TABLES ON `%1$s`.* TO '%4$s'@'%%';
                """.formatted(database, appUser, appPassword, cdcUser, cdcPassword, requireSsl));
    }

    String version() throws IOException, InterruptedException {
        return sql("SELECT VERSION()").trim();
    }

    private boolean answers() {
        try {
            sql("SELECT 1");
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String run(List<String> command, Duration limit, String what, @Nullable String input)
            throws IOException, InterruptedException {
        Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = tool.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] output = tool.getInputStream().readAllBytes();
        if (!tool.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            tool.destroyForcibly();
            throw new IllegalStateException(what + " did not finish within " + limit);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (tool.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (" + tool.exitValue() + "): " + text.trim());
        }
        return text;
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
