package outbox.domain;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A destination topic and the outbox tables that feed it: {@code <tablePrefix>_0 .. <tablePrefix>_<shardCount-1>}.
 *
 * <p>All events with one key land in one table, so one relay stream carries them in commit order. The hash is
 * CRC-32 of the key's UTF-8 bytes: fixed by a standard, the same in every JVM and language, unlike
 * {@code String.hashCode}, which nothing promises to keep.
 */
public record OutboxTopic(String topic, String tablePrefix, int shardCount) {

    public OutboxTopic {
        if (shardCount < 1) {
            throw new IllegalArgumentException("Outbox topic " + topic + " needs at least one shard");
        }
    }

    public int shardOf(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shardCount);
    }

    public String tableOf(String key) {
        return table(shardOf(key));
    }

    public String table(int shard) {
        return tablePrefix + "_" + shard;
    }
}
