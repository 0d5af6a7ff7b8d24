package analytics.application;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import analytics.application.port.in.IntakeGateUseCase;
import analytics.application.port.in.LiveBoardQuery;
import analytics.application.port.in.LiveStatusQuery;
import analytics.application.port.in.LiveStoresUnavailableException;
import analytics.application.port.out.ConsumerLagPort;
import analytics.application.port.out.LiveStoresPort;
import analytics.domain.AlarmSnapshot;

@Service
class LiveBoardService implements LiveBoardQuery {

    private final LiveStatusQuery live;
    private final LiveStoresPort stores;
    private final IntakeGateUseCase gate;
    private final ConsumerLagPort lag;
    private final Clock clock;

    LiveBoardService(LiveStatusQuery live, LiveStoresPort stores, IntakeGateUseCase gate, ConsumerLagPort lag,
            Clock clock) {
        this.live = live;
        this.stores = stores;
        this.gate = gate;
        this.lag = lag;
        this.clock = clock;
    }

    @Override
    public Board board() {
        java.util.Map<String, Long> counts;
        try {
            counts = live.statusCounts().counts();
        } catch (LiveStoresUnavailableException e) {
            counts = null;
        }
        @Nullable AlarmSnapshot alarms;
        try {
            alarms = stores.alarmSnapshot();
        } catch (LiveStoresUnavailableException e) {
            alarms = null;
        }
        return new Board(clock.instant(), counts, alarms, gate.current(),
                new StreamsProgress(stores.state(), stores.restoringRecords(), lag.analyticsLagRecords()));
    }
}
