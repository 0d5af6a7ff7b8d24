package analytics.application.port.out;

import java.util.List;
import java.util.function.Predicate;

import analytics.domain.DeadLetter;

/** The dead-letter topic and the re-drive topic. */
public interface DeadLetterQueuePort {

    /** Partition counts of the step's source topic and of the re-drive topic; they must be equal. */
    Partitions partitions();

    /**
     * Moves up to {@code max} dead letters not moved before (per partition, in offset order) to the re-drive topic,
     * those {@code redrivable} accepts, and records how far it got, all in one transaction. Returns every dead letter
     * it went past, moved or not, and whether more were waiting.
     *
     * @throws ConcurrentRedriveException when another re-drive took over the transaction
     */
    Moved move(int max, Predicate<DeadLetter> redrivable);

    record Partitions(int source, int redrive) {
    }

    record Moved(List<DeadLetter> moved, List<DeadLetter> passedOver, boolean more) {
    }

    class ConcurrentRedriveException extends RuntimeException {
        public ConcurrentRedriveException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
