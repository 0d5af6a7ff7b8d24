package outbox.application.port.in;

public class UnknownOutboxTopicException extends RuntimeException {

    public UnknownOutboxTopicException(String topic) {
        super("No outbox tables for topic " + topic + ": add them and a row in outbox_topic with a migration");
    }
}
