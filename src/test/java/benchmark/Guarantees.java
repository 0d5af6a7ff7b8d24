package benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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
