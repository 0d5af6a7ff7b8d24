package analytics.application.port.out;

import analytics.domain.AlarmSignal;

/** Sends a report to the alarm evaluator. */
public interface PublishAlarmSignalPort {

    void publish(String key, AlarmSignal signal);
}
