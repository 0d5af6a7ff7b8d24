package analytics.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a consumer has seen of one delivery's event stream: the highest sequence number, the ids of the events
 * already taken in, and the sequence numbers skipped so far. The relay delivers at least once and in order per
 * delivery, so anything else is a fault worth counting: a {@link Verdict#GAP} means events are missing (so far),
 * {@link Verdict#LATE} that one arrived after a later one.
 *
 * @param seenEventIds     the ids taken in, oldest first, at most {@link #REMEMBERED} (a delivery's life has at most
 *                         five events)
 * @param missingSequences sequence numbers below {@code lastSequence} not seen yet, at most {@link #REMEMBERED}
 */
public record DeliveryProgress(long lastSequence, List<String> seenEventIds, List<Long> missingSequences) {

    public static final int REMEMBERED = 64;

    public static final DeliveryProgress NONE = new DeliveryProgress(0, List.of(), List.of());

    public DeliveryProgress {
        seenEventIds = List.copyOf(seenEventIds);
        missingSequences = List.copyOf(missingSequences);
    }

    public enum Verdict {
        /** the next one: sequence = last + 1 */
        IN_ORDER,
        /** already taken in (same event id, or for an ended delivery the same sequence): drop it */
        DUPLICATE,
        /** newer than the next one: those in between are missing */
        GAP,
        /** older than the newest seen but not seen before: it was overtaken */
        LATE,
        /** not seen before, but its delivery has already ended (delivered, cancelled or expired): drop it */
        AFTER_END
    }

    public record Outcome(Verdict verdict, DeliveryProgress progress) {
    }

    public Outcome accept(String eventId, long sequence) {
        if (seenEventIds.contains(eventId)) {
            return new Outcome(Verdict.DUPLICATE, this);
        }
        Verdict verdict = sequence == lastSequence + 1 ? Verdict.IN_ORDER
                : sequence > lastSequence ? Verdict.GAP
                : Verdict.LATE;
        List<String> seen = new ArrayList<>(seenEventIds);
        seen.add(eventId);
        if (seen.size() > REMEMBERED) {
            seen.removeFirst();
        }
        List<Long> missing = new ArrayList<>(missingSequences);
        if (verdict == Verdict.GAP) {
            // a wild sequence number must not make the list huge: only the newest few are kept
            for (long skipped = Math.max(lastSequence + 1, sequence - REMEMBERED); skipped < sequence; skipped++) {
                missing.add(skipped);
            }
            while (missing.size() > REMEMBERED) {
                missing.removeFirst();
            }
        } else if (verdict == Verdict.LATE) {
            missing.remove(Long.valueOf(sequence));
        }
        return new Outcome(verdict, new DeliveryProgress(Math.max(lastSequence, sequence), seen, missing));
    }
}
