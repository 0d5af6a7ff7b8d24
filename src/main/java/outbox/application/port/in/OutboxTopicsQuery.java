package outbox.application.port.in;

import java.util.List;

import outbox.domain.OutboxTopic;

public interface OutboxTopicsQuery {

    List<OutboxTopic> topics();
}
