package outbox.application.port.in;

import outbox.domain.OutboxMessage;

public interface AppendToOutboxUseCase {

    /**
     * Stores a message for the relay inside the transaction that is already running.
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException if none is: an event stored
     *         outside the change that caused it could outlive a rollback
     * @throws UnknownOutboxTopicException if the schema defines no outbox for the message's topic
     */
    void append(OutboxMessage message);
}
