package outbox.application;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import outbox.application.port.in.AppendToOutboxUseCase;
import outbox.application.port.in.OutboxTopicsQuery;
import outbox.application.port.in.UnknownOutboxTopicException;
import outbox.application.port.out.AppendToOutboxPort;
import outbox.application.port.out.LoadOutboxTopicsPort;
import outbox.domain.OutboxMessage;
import outbox.domain.OutboxTopic;

/**
 * The outbox's write side. The topic registry is read once at start-up: shard counts change only through a
 * migration, which comes with a restart.
 */
@Service
class Outbox implements AppendToOutboxUseCase, OutboxTopicsQuery {

    private final AppendToOutboxPort tables;
    private final List<OutboxTopic> topics;
    private final Map<String, OutboxTopic> byName;

    Outbox(AppendToOutboxPort tables, LoadOutboxTopicsPort registry) {
        this.tables = tables;
        this.topics = List.copyOf(registry.loadTopics());
        this.byName = topics.stream().collect(Collectors.toUnmodifiableMap(OutboxTopic::topic, Function.identity()));
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(OutboxMessage message) {
        OutboxTopic topic = byName.get(message.topic());
        if (topic == null) {
            throw new UnknownOutboxTopicException(message.topic());
        }
        tables.append(topic, message);
    }

    @Override
    public List<OutboxTopic> topics() {
        return topics;
    }
}
