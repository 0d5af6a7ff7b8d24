package analytics.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a consumer has seen of one delivery's event stream: the highest sequence number and the ids of the events
 * already taken in. The relay delivers at least once and in order per delivery, so anything else is a fault
 * worth counting: a {@link Verdict#GAP} means events are missing (so far), {@link Verdict#LATE} that one arrived
 * after a later one.
 *
 * @param seenEventIds the ids taken in, oldest first, at most {@link #REMEMBERED} (a delivery's life has about six)
 */
public record DeliveryProgress(long lastSequence, List<String> seenEventIds) {

    public static final int REMEMBERED = 64;

    public static final DeliveryProgress NONE = new DeliveryProgress(0, List.of());

    public DeliveryProgress {
        seenEventIds = List.copyOf(seenEventIds);
    }

    public enum Verdict {
        /** the next one: sequence = last + 1 */
        IN_ORDER,
        /** already taken in (same event id): drop it */
        DUPLICATE,
        /** newer than the next one: those in between are missing */
        GAP,
        /** older than the newest seen but not seen before: it was overtaken */
        LATE
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
        return new Outcome(verdict, new DeliveryProgress(Math.max(lastSequence, sequence), seen));
    }
}
