package analytics.application.port.in;

import java.util.Map;

/** The relay lag of the shards this instance relays, reported to the alarm evaluator. */
public interface ReportRelayLagUseCase {

    void report(Map<String, Double> lagSecondsByShard);
}
