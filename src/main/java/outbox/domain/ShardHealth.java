package outbox.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Whether one shard is relayed as it should be, and if not, why. A shard another instance owns is fine here (that
 * instance judges it). A shard owned here is not, when its head batch failed {@code downAfterAttempts} times in a
 * row, when its reader has passed the start but has no binlog connection, or when its oldest waiting row is older
 * than {@code maxWaitingAge} — the last catches a stall nothing else notices.
 *
 * <p>A reader passes the start when it first connects: Debezium's task reports that it polls before it has
 * registered its metrics and opened its binlog connection (seconds later on a busy machine), and a shard must not
 * read DOWN for that. A reader that has not connected since the shard was acquired gets {@code maxWaitingAge} to
 * do so, as a waiting row does; after that, once it has connected, or once an attempt has failed since the
 * acquisition (a reader that fails before it ever connects restarts with its attempts counted from zero, so the
 * failure count alone would not tell), a missing connection is a problem.
 *
 * @param problems what is wrong, in words for an operator; empty when the shard is fine
 */
public record ShardHealth(ShardStatus status, ReaderConnection reader, @Nullable ShardBacklog backlog,
        List<String> problems) {

    public ShardHealth {
        problems = List.copyOf(problems);
    }

    public boolean fine() {
        return problems.isEmpty();
    }

    /**
     * @param connectedSinceAcquired whether the reader has been seen connected since this instance acquired the
     *                               shard ({@link ShardStatus#ownedSince()})
     * @param now                    when the shard is judged
     */
    public static ShardHealth judge(ShardStatus status, ReaderConnection reader, boolean connectedSinceAcquired,
            @Nullable ShardBacklog backlog, int downAfterAttempts, Duration maxWaitingAge, Instant now) {
        List<String> problems = new ArrayList<>();
        if (status.state() == ShardState.NOT_OWNED) {
            return new ShardHealth(status, reader, backlog, problems);
        }
        if (status.failedAttempts() >= downAfterAttempts) {
            problems.add("the last " + status.failedAttempts() + " attempts failed");
        }
        Instant ownedSince = status.ownedSince();
        Instant lastErrorAt = status.lastErrorAt();
        boolean failedSinceAcquired = lastErrorAt != null && ownedSince != null && !lastErrorAt.isBefore(ownedSince);
        boolean firstConnectionDue = !connectedSinceAcquired && !failedSinceAcquired && ownedSince != null
                && Duration.between(ownedSince, now).compareTo(maxWaitingAge) <= 0;
        if (status.state() != ShardState.STARTING && reader != ReaderConnection.CONNECTED && !firstConnectionDue) {
            problems.add(reader == ReaderConnection.DISCONNECTED
                    ? "the binlog reader is not connected to the database"
                    : "the binlog reader is not running");
        }
        Duration age = backlog == null ? null : backlog.oldestWaitingAge();
        if (age != null && age.compareTo(maxWaitingAge) > 0) {
            problems.add("the oldest waiting row is " + seconds(age) + " s old (limit " + seconds(maxWaitingAge) + " s)");
        }
        return new ShardHealth(status, reader, backlog, problems);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
