package outbox.domain;

import java.time.Duration;
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

    public static ShardHealth judge(ShardStatus status, ReaderConnection reader, @Nullable ShardBacklog backlog,
            int downAfterAttempts, Duration maxWaitingAge) {
        List<String> problems = new ArrayList<>();
        if (status.state() == ShardState.NOT_OWNED) {
            return new ShardHealth(status, reader, backlog, problems);
        }
        if (status.failedAttempts() >= downAfterAttempts) {
            problems.add("the last " + status.failedAttempts() + " attempts failed");
        }
        if (status.state() != ShardState.STARTING && reader != ReaderConnection.CONNECTED) {
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
