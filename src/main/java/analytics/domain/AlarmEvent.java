package analytics.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An alarm raised or cleared, as published on the alarms topic (key: the alarm id). Past tense, with when it
 * happened; a consumer that reads the topic from the start ends up with the alarms that are raised now.
 */
public record AlarmEvent(Kind kind, String alarmId, String detector, Severity severity, String message, double value,
        double threshold, Instant raisedAt, @Nullable Instant clearedAt, @Nullable String orderService,
        Instant occurredAt) {

    public enum Kind {
        RAISED, CLEARED
    }

    static AlarmEvent raised(Alarm alarm, Instant at) {
        return new AlarmEvent(Kind.RAISED, alarm.id(), alarm.detector(), alarm.severity(), alarm.message(),
                alarm.value(), alarm.threshold(), alarm.raisedAt(), null, alarm.orderService(), at);
    }

    static AlarmEvent cleared(Alarm alarm, double value, Instant at) {
        return new AlarmEvent(Kind.CLEARED, alarm.id(), alarm.detector(), alarm.severity(), alarm.message(), value,
                alarm.threshold(), alarm.raisedAt(), at, alarm.orderService(), at);
    }
}
