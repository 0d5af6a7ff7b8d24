package analytics.application;

import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Service;

import analytics.application.port.in.RedriveCommand;
import analytics.application.port.in.RedriveDeadLettersUseCase;
import analytics.application.port.in.RedriveRefusedException;
import analytics.application.port.in.RedriveReport;
import analytics.application.port.out.DeadLetterQueuePort;
import analytics.application.port.out.DeadLetterQueuePort.ConcurrentRedriveException;
import analytics.application.port.out.DeadLetterQueuePort.Moved;
import analytics.application.port.out.DeadLetterQueuePort.Partitions;
import analytics.domain.DeadLetter;

/**
 * Re-drives dead letters into the analytics step. They go to the re-drive topic, not back to
 * {@code delivery.events}: that topic belongs to the relay and has other readers, who would see events twice.
 * The re-drive topic is co-partitioned with {@code delivery.events} and read by the same step, so a re-driven
 * event lands in the task that holds its delivery's state and is judged against it like any other: a duplicate is
 * dropped, an overtaken event fills its facts without moving the status back, an event of an ended delivery
 * changes nothing. That is why a re-drive is refused while the two topics have different partition counts.
 */
@Service
@ConditionalOnBooleanProperty(name = "relay.analytics.enabled", matchIfMissing = true)
class RedrivingDeadLetters implements RedriveDeadLettersUseCase {

    private static final Logger log = LoggerFactory.getLogger(RedrivingDeadLetters.class);

    private final DeadLetterQueuePort deadLetters;
    private final int maxRecords;

    RedrivingDeadLetters(DeadLetterQueuePort deadLetters, AnalyticsProperties properties) {
        this.deadLetters = deadLetters;
        this.maxRecords = properties.redrive().maxRecords();
    }

    @Override
    public synchronized RedriveReport redrive(RedriveCommand command) {
        Partitions partitions = deadLetters.partitions();
        if (partitions.source() != partitions.redrive()) {
            throw new RedriveRefusedException("The re-drive topic " + DeadLetter.REDRIVE_TOPIC + " has "
                    + partitions.redrive() + " partitions and the delivery events topic " + partitions.source()
                    + ": re-driven events would not meet their deliveries' state. Give both the same count first.");
        }
        Integer asked = command.limit();
        int limit = asked == null ? maxRecords : Math.min(asked, maxRecords);
        Moved moved;
        try {
            moved = deadLetters.move(limit, DeadLetter::redrivable);
        } catch (ConcurrentRedriveException e) {
            throw new RedriveRefusedException("Another re-drive took over while this one ran; nothing of this one "
                    + "was committed. Try again when it has finished.");
        }
        Map<String, Integer> byReason = new TreeMap<>();
        moved.moved().forEach(d -> byReason.merge(d.reason().code(), 1, Integer::sum));
        moved.passedOver().forEach(d -> byReason.merge(d.reason().code(), 1, Integer::sum));
        RedriveReport report = new RedriveReport(moved.moved().size(), moved.passedOver().size(), byReason,
                moved.more());
        log.info("Re-drove {} dead letter(s) ({}), passed over {} without a delivery id{}", report.redriven(), byReason,
                report.passedOver(), report.limitReached() ? "; more are waiting" : "");
        return report;
    }
}
