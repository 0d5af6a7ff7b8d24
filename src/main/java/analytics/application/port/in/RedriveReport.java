package analytics.application.port.in;

import java.util.Map;

/**
 * What a re-drive did.
 *
 * @param redriven        dead letters put on the re-drive topic
 * @param passedOver      dead letters without a delivery id as key, which cannot be re-driven (they stay on the dead-letter topic)
 * @param byReason        the moved and passed-over dead letters by their dead-letter reason
 * @param limitReached    true if more dead letters were waiting than the limit allowed: call again
 */
public record RedriveReport(int redriven, int passedOver, Map<String, Integer> byReason, boolean limitReached) {

    public RedriveReport {
        byReason = Map.copyOf(byReason);
    }
}
