package outbox.application.port.in;

/** Keeps the outbox tables bounded: relayed rows older than the retention go, waiting rows are counted. */
public interface CleanUpOutboxUseCase {

    /** One round over the shards this instance owns; a shard that fails is left for the next round. */
    void cleanUp();
}
