package outbox.application.port.in;

/** Measures how old the oldest waiting row of every shard owned here is; run every {@code backlog-check-interval}. */
public interface MeasureBacklogUseCase {

    void measureBacklog();
}
