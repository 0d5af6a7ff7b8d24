package benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * The production guarantees a scenario ran with, read from the running servers where they can be (the database's
 * durability settings, the outbox's shard count) and from the application's configuration otherwise. A number
 * obtained with any of them off is not a result, so every scenario prints them next to its numbers.
 *
 * @param syncBinlog          {@code @@sync_binlog}: 1 = the binlog is fsynced at every commit
 * @param flushLogAtTrxCommit {@code @@innodb_flush_log_at_trx_commit}: 1 = the redo log is fsynced at every commit
 * @param acks                the relay's producer acks ("–" where no relay runs)
 * @param processingGuarantee the analytics Streams step's processing guarantee ("–" where analytics is off)
 * @param shards              outbox shards of {@code delivery.events} ("–" where the relay does not run)
 * @param authentication      how callers authenticate ("in-process" where no HTTP is involved)
 * @param analytics           whether the analytics step consumes the events
 */
record Guarantees(String syncBinlog, String flushLogAtTrxCommit, String acks, String processingGuarantee,
        String shards, String authentication, String analytics) {

    static final String NONE = "–";

    /** The raw database ceiling: only the database's own settings apply. */
    static Guarantees databaseOnly(Connection connection) throws SQLException {
        String[] durability = durability(connection);
        return new Guarantees(durability[0], durability[1], NONE, NONE, NONE, NONE, NONE);
    }

    Guarantees withApplication(String acks, String processingGuarantee, String shards, String authentication,
            String analytics) {
        return new Guarantees(syncBinlog, flushLogAtTrxCommit, acks, processingGuarantee, shards, authentication,
                analytics);
    }

    /**
     * The packaged jar's, running on its embedded defaults: the database's durability and the shard count read from
     * its MariaDB, authentication probed over HTTP, the relay's acks as its code sets them (TransactionalShardPublisher),
     * the rest from its settings ({@link #jarSettings}).
     */
    static Guarantees ofEmbeddedJar(String base, String jdbc, Path dataDir, Properties settings)
            throws IOException, InterruptedException, SQLException {
        try (Connection connection = DriverManager.getConnection(jdbc, "relay",
                loadgen.EmbeddedCredentials.databasePassword(dataDir))) {
            String[] durability = durability(connection);
            return new Guarantees(durability[0], durability[1], "all (transactional)",
                    settings.getProperty("spring.kafka.streams.properties.processing.guarantee", "?"),
                    shardCount(connection), authentication(base),
                    settings.getProperty("relay.analytics.enabled", "?").equals("true") ? "on" : "off");
        }
    }

    /** The jar's settings: its application.properties and what a tuning experiment changed. */
    static Properties jarSettings(Map<String, String> changed) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Guarantees.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        properties.putAll(changed);
        return properties;
    }

    /** The service refuses an anonymous change, and takes the order service's bearer token: authentication is on. */
    static String authentication(String base) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            int anonymous = client.send(HttpRequest.newBuilder(URI.create(base + "/deliveries"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return anonymous == 401 ? "on (Bearer JWT; anonymous 401)" : "UNCLEAR (anonymous POST answered " + anonymous + ")";
        }
    }

    /**
     * Prints the guarantees line of a packaged jar running on its embedded defaults, for {@code scripts/day-of-traffic}:
     * {@code --url http://127.0.0.1:18180 --jdbc jdbc:mysql://127.0.0.1:18306/relay?... --data-dir target/day-of-traffic/data}
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> given = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            given.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || !given.keySet().equals(java.util.Set.of("--url", "--jdbc", "--data-dir"))) {
            System.err.println("usage: --url BASE --jdbc URL --data-dir DIR");
            System.exit(2);
        }
        Guarantees guarantees = ofEmbeddedJar(given.get("--url"), given.get("--jdbc"), Path.of(given.get("--data-dir")),
                jarSettings(Map.of()));
        System.out.println(guarantees.line());
    }

    /** {@code [sync_binlog, innodb_flush_log_at_trx_commit]} as the server reports them. */
    static String[] durability(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "select @@global.sync_binlog, @@global.innodb_flush_log_at_trx_commit")) {
            rs.next();
            return new String[] { rs.getString(1), rs.getString(2) };
        }
    }

    static String shardCount(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select shard_count from outbox_topic where topic = '"
                        + delivery.DeliveryEvent.TOPIC + "'")) {
            return rs.next() ? rs.getString(1) : NONE;
        }
    }

    /** True when the database half is production-strength: the binlog a relay reads cannot miss a commit. */
    boolean durable() {
        return "1".equals(syncBinlog) && "1".equals(flushLogAtTrxCommit);
    }

    String line() {
        return "sync_binlog=" + syncBinlog + ", innodb_flush_log_at_trx_commit=" + flushLogAtTrxCommit + ", acks="
                + acks + ", processing.guarantee=" + processingGuarantee + ", shards=" + shards + ", auth="
                + authentication + ", analytics=" + analytics + (durable() ? "" : "  ** NOT DURABLE: not a result **");
    }
}
