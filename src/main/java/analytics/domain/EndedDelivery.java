package analytics.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import analytics.domain.DeliveryProgress.Verdict;
import analytics.domain.IntegratedDelivery.Outcome;

/**
 * What is remembered of a delivery after its final record, for a while: enough to tell a redelivered or overtaken
 * event of it from a new one, so that neither revives it nor ends it a second time. Small on purpose (no event
 * ids): within one delivery a sequence number is as unique as an event id, because the outbox refuses two events
 * with one sequence for one delivery.
 *
 * @param endedAt          stream time when it ended; it is forgotten a retention period later
 * @param missingSequences sequences below {@code lastSequence} never seen: one of them arriving now is late
 */
public record EndedDelivery(Outcome outcome, Instant endedAt, long lastSequence, List<Long> missingSequences) {

    public EndedDelivery {
        missingSequences = List.copyOf(missingSequences);
    }

    static EndedDelivery of(IntegratedDelivery last, DeliveryProgress progress, Instant endedAt) {
        Outcome outcome = last.outcome();
        if (outcome == null) {
            throw new IllegalArgumentException("delivery " + last.deliveryId() + " has not ended");
        }
        return new EndedDelivery(outcome, endedAt, progress.lastSequence(), progress.missingSequences());
    }

    /** How an event of this delivery that arrives now is counted. It is dropped in every case. */
    public Judged judge(long sequence) {
        if (sequence > lastSequence) {
            return new Judged(Verdict.AFTER_END, this);
        }
        if (missingSequences.contains(sequence)) {
            List<Long> stillMissing = new ArrayList<>(missingSequences);
            stillMissing.remove(Long.valueOf(sequence));
            return new Judged(Verdict.LATE, new EndedDelivery(outcome, endedAt, lastSequence, stillMissing));
        }
        return new Judged(Verdict.DUPLICATE, this);
    }

    public record Judged(Verdict verdict, EndedDelivery memory) {
    }
}
