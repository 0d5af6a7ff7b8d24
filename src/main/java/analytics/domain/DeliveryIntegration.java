package analytics.domain;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import analytics.domain.DeliveryProgress.Outcome;
import analytics.domain.DeliveryProgress.Verdict;
import delivery.DeliveryEvent;

/**
 * The rules of the analytics step for one delivery: judge an event against what was seen of its delivery (in
 * progress, ended and still remembered, or unknown), merge it if it is new, end the delivery with its final record,
 * or expire it when it has been idle too long.
 */
public final class DeliveryIntegration {

    private DeliveryIntegration() {
    }

    /**
     * One event of a delivery.
     *
     * @param inProgress the delivery if it is in progress
     * @param ended      what is remembered of it if it has ended (only looked at when it is not in progress)
     * @param now        stream time
     */
    public static Decision takeIn(@Nullable DeliveryJourney inProgress, @Nullable EndedDelivery ended,
            DeliveryEvent event, @Nullable String traceparent, Instant now) {
        if (inProgress == null && ended != null) {
            EndedDelivery.Judged judged = ended.judge(event.sequence());
            return new Dropped(judged.verdict(), judged.memory().equals(ended) ? null : judged.memory());
        }
        DeliveryProgress before = inProgress == null ? DeliveryProgress.NONE : inProgress.progress();
        Outcome outcome = before.accept(event.eventId().toString(), event.sequence());
        if (outcome.verdict() == Verdict.DUPLICATE) {
            return new Dropped(Verdict.DUPLICATE, null);
        }
        IntegratedDelivery merged = inProgress == null ? IntegratedDelivery.of(event, traceparent)
                : inProgress.delivery().with(event, traceparent);
        if (merged.finished()) {
            return new Ended(outcome.verdict(), merged, EndedDelivery.of(merged, outcome.progress(), now));
        }
        return new Continued(outcome.verdict(), new DeliveryJourney(outcome.progress(), merged, now));
    }

    /** A delivery idle since {@link DeliveryJourney#lastSeenAt()} for the idle timeout; {@code now} is stream time. */
    public static Ended expire(DeliveryJourney journey, Duration idleTimeout, Instant now) {
        IntegratedDelivery expired = journey.delivery().expired(journey.idleDeadline(idleTimeout));
        return new Ended(Verdict.IN_ORDER, expired, EndedDelivery.of(expired, journey.progress(), now));
    }

    /** What to do with an event, and how it was counted. */
    public sealed interface Decision {
        Verdict verdict();
    }

    /** Nothing to publish; {@code memory} is the ended delivery's changed memory, if it changed. */
    public record Dropped(Verdict verdict, @Nullable EndedDelivery memory) implements Decision {
    }

    /** Publish {@code journey.delivery()} and keep the journey. */
    public record Continued(Verdict verdict, DeliveryJourney journey) implements Decision {
    }

    /** Publish the final record, forget the journey, remember the end. */
    public record Ended(Verdict verdict, IntegratedDelivery finalRecord, EndedDelivery memory) implements Decision {
    }
}
