package outbox.application.port.out;

import java.util.List;

import outbox.domain.OutboxTopic;

public interface LoadOutboxTopicsPort {

    /** The topics and shard counts the schema defines (table {@code outbox_topic}). */
    List<OutboxTopic> loadTopics();
}
