package faultsuite;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

import delivery.DeliveryStatus;
import tools.jackson.databind.JsonNode;

/**
 * The checker's separate last step: the analytics module's live counts per status
 * ({@code GET /analytics/status-counts}) must equal the database's, once the load has stopped and the Streams
 * topology has caught up.
 *
 * <p>The live counts are of deliveries in progress; the database side is the SQL the README states for them
 * (in-progress statuses, updated within the integration step's idle timeout, 6 h by default: a fault-suite run is
 * far shorter). An endpoint that is missing or refused to both roles fails the step.
 */
final class StatusCounts {

    static final String PATH = "/analytics/status-counts";
    private static final Set<String> STATUSES = Arrays.stream(DeliveryStatus.values()).map(Enum::name)
            .collect(Collectors.toSet());
    /** what the live view counts: deliveries not yet delivered or cancelled */
    private static final Set<String> IN_PROGRESS = Set.of("CREATED", "RIDER_ASSIGNED", "PICKUP_READY_REQUESTED",
            "PICKED_UP");

    /**
     * What the step found; {@link #holds()} only if the endpoint answered counts (a 200 with per-status numbers) and
     * they equal the database's.
     */
    record Comparison(boolean present, boolean compared, Map<String, Long> analytics, Map<String, Long> database,
            String note) {

        boolean holds() {
            return present && compared && analytics.equals(database);
        }

        String describe() {
            if (!present || !compared) {
                return "analytics status counts: " + note + " — FAILED";
            }
            return "analytics status counts " + analytics + " vs. database " + database + ": "
                    + (analytics.equals(database) ? "equal" : "DIFFERENT") + (note.isEmpty() ? "" : " (" + note + ")");
        }
    }

    private StatusCounts() {
    }

    static Comparison compare(ServiceClient viewer, ServiceClient operator, String jdbcUrl, String dbUser,
            String dbPassword, Duration catchUp) {
        ServiceClient.Reply asViewer = viewer.get(PATH, Duration.ofSeconds(10));
        ServiceClient.Reply asOperator = operator.get(PATH, Duration.ofSeconds(10));
        if (absent(asViewer) && absent(asOperator)) {
            return new Comparison(false, false, Map.of(), Map.of(), "GET " + PATH + " answered "
                    + status(asViewer) + " (viewer) and " + status(asOperator) + " (operator): the endpoint is not there");
        }
        ServiceClient reader = asViewer != null && asViewer.status() == 200 ? viewer : operator;
        Map<String, Long>[] last = new Map[] { Map.of(), Map.of() };
        String[] note = { "" };
        boolean[] compared = { false };
        try {
            await().atMost(catchUp).pollInterval(Duration.ofSeconds(1)).until(() -> {
                ServiceClient.Reply reply = reader.get(PATH, Duration.ofSeconds(10));
                if (reply == null || reply.status() != 200) {
                    note[0] = "GET " + PATH + " answered " + status(reply);
                    return false;
                }
                Map<String, Long> counts = counts(reply.json());
                if (counts == null) {
                    note[0] = "no per-status counts found in " + reply.body();
                    return false;
                }
                last[0] = withZeros(counts);
                last[1] = withZeros(database(jdbcUrl, dbUser, dbPassword));
                compared[0] = true;
                note[0] = "";
                return last[0].equals(last[1]);
            });
        } catch (ConditionTimeoutException e) {
            note[0] = (note[0].isEmpty() ? "" : note[0] + "; ") + "not equal within " + catchUp.toSeconds() + " s";
        }
        return new Comparison(true, compared[0], last[0], last[1], note[0]);
    }

    private static boolean absent(ServiceClient.@Nullable Reply reply) {
        return reply != null && (reply.status() == 404 || reply.status() == 403);
    }

    private static String status(ServiceClient.@Nullable Reply reply) {
        return reply == null ? "nothing (no connection)" : Integer.toString(reply.status());
    }

    /** Database truth: deliveries in progress per status (the SQL in the README's live status section). */
    static Map<String, Long> database(String jdbcUrl, String user, String password) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT status, COUNT(*) FROM delivery
                         WHERE status IN ('CREATED', 'RIDER_ASSIGNED', 'PICKUP_READY_REQUESTED', 'PICKED_UP')
                           AND updated_at >= NOW(6) - INTERVAL 6 HOUR
                         GROUP BY status""")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    /**
     * Per-status counts wherever the answer keeps them: the status-named number fields of an object (at the top or
     * nested, e.g. {@code {"counts": {...}}}), or an array of {@code {status, count}} objects. Null if
     * there are none: the step then fails, because the endpoint exists but says nothing comparable.
     */
    static @Nullable Map<String, Long> counts(JsonNode node) {
        if (node.isObject()) {
            Map<String, Long> direct = new TreeMap<>();
            for (var field : node.properties()) {
                if (STATUSES.contains(field.getKey()) && field.getValue().isIntegralNumber()) {
                    direct.put(field.getKey(), field.getValue().asLong());
                }
            }
            if (!direct.isEmpty()) {
                return direct;
            }
            for (var field : node.properties()) {
                Map<String, Long> nested = counts(field.getValue());
                if (nested != null) {
                    return nested;
                }
            }
        }
        if (node.isArray() && !node.isEmpty()) {
            Map<String, Long> listed = new TreeMap<>();
            for (JsonNode item : node) {
                String status = item.path("status").asString("");
                JsonNode count = item.has("count") ? item.get("count") : item.path("deliveries");
                if (!STATUSES.contains(status) || !count.isIntegralNumber()) {
                    listed = null;
                    break;
                }
                listed.put(status, count.asLong());
            }
            if (listed != null) {
                return listed;
            }
            for (JsonNode item : node) {
                Map<String, Long> nested = counts(item);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    private static Map<String, Long> withZeros(Map<String, Long> counts) {
        Map<String, Long> all = new TreeMap<>();
        IN_PROGRESS.forEach(status -> all.put(status, 0L));
        all.putAll(counts);
        return all;
    }
}
