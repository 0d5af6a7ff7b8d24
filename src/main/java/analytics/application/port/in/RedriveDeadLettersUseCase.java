package analytics.application.port.in;

/** An operator puts dead letters back into the analytics step after a fix. */
public interface RedriveDeadLettersUseCase {

    /**
     * Moves the dead letters not re-driven before, oldest first per partition, up to the command's limit, to the
     * re-drive topic, in one Kafka transaction together with how far it got: nothing is re-driven twice, nothing
     * is skipped. A dead letter without a delivery id as key cannot be placed and is passed over (counted).
     *
     * @throws RedriveRefusedException when re-driving now would break the step's guarantees
     */
    RedriveReport redrive(RedriveCommand command);
}
