package analytics.application.port.in;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import analytics.domain.AlarmSnapshot;
import analytics.domain.IntakeGateState;

/** Everything the live board shows, in one read. */
public interface LiveBoardQuery {

    Board board();

    /**
     * @param counts            per in-progress status, null while the stores are unavailable
     * @param alarms            the evaluator's latest view, null before the first one
     * @param streams           how far the analytics stage is
     */
    record Board(Instant at, @Nullable Map<String, Long> counts, @Nullable AlarmSnapshot alarms,
            IntakeGateState gate, StreamsProgress streams) {
    }

    /**
     * @param state              the Kafka Streams client's state
     * @param restoringRecords   records still to restore into this instance's stores (0: none)
     * @param consumerLagRecords records of the analytics consumer group not yet processed, cluster-wide (null: not
     *                           measured yet)
     */
    record StreamsProgress(String state, long restoringRecords, @Nullable Long consumerLagRecords) {
    }
}
