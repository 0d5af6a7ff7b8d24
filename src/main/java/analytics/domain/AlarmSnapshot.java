package analytics.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The alarm evaluator's latest view, published after every evaluation and read by every instance: the raised
 * alarms (the intake gate follows them) and the figures behind them (gauges and the board).
 *
 * @param evaluatedAt when it was made; an instance that sees it grow old knows it no longer hears the evaluator
 */
public record AlarmSnapshot(Instant evaluatedAt, List<Alarm> active, Map<String, StuckStatus> stuck,
        Map<String, Double> relayLagSeconds, double intakePerSecond, double eventsPerSecond, double cancellationRatio,
        long deadLetters) {

    public AlarmSnapshot {
        active = List.copyOf(active);
        stuck = Map.copyOf(stuck);
        relayLagSeconds = Map.copyOf(relayLagSeconds);
    }
}
