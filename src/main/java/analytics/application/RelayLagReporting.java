package analytics.application;

import java.time.Clock;
import java.util.Map;

import org.springframework.stereotype.Service;

import analytics.application.port.in.ReportRelayLagUseCase;
import analytics.application.port.out.PublishAlarmSignalPort;
import analytics.domain.AlarmSignal;

@Service
class RelayLagReporting implements ReportRelayLagUseCase {

    private final PublishAlarmSignalPort signals;
    private final Clock clock;

    RelayLagReporting(PublishAlarmSignalPort signals, Clock clock) {
        this.signals = signals;
        this.clock = clock;
    }

    @Override
    public void report(Map<String, Double> lagSecondsByShard) {
        lagSecondsByShard.forEach((shard, lag) -> signals.publish("relay|" + shard,
                AlarmSignal.relayLag(shard, lag, clock.instant())));
    }
}
