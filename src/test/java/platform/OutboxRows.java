package platform;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import org.jooq.DSLContext;

/** What the tests know of the outbox tables, computed independently of the production code. */
public final class OutboxRows {

    public static final int SHARDS = 8;

    private OutboxRows() {
    }

    /** The documented rule: CRC-32 of the delivery id's UTF-8 bytes, mod 8. */
    public static int shardOf(String deliveryId) {
        CRC32 crc = new CRC32();
        crc.update(deliveryId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % SHARDS);
    }

    /** Event ids of the given deliveries still in the outbox tables (all shards). */
    public static Set<String> eventIds(DSLContext sql, Collection<String> deliveryIds) {
        Set<String> ids = new HashSet<>();
        String in = deliveryIds.stream().map(d -> "'" + d + "'").collect(Collectors.joining(","));
        for (int shard = 0; shard < SHARDS; shard++) {
            ids.addAll(sql.fetch("select event_id from outbox_delivery_" + shard + " where aggregate_id in (" + in + ")")
                    .getValues(0, String.class));
        }
        return ids;
    }
}
