package outbox.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class OutboxTopicUnitTest {

    final OutboxTopic deliveries = new OutboxTopic("delivery.events", "outbox_delivery", 8);

    @Test
    void theShardIsCrc32OfTheKeyModuloTheShardCount() {
        // CRC-32("123456789") = 0xCBF43926 = 3421780262, the standard check value; 3421780262 mod 8 = 6
        assertThat(deliveries.shardOf("123456789")).isEqualTo(6);
        assertThat(deliveries.tableOf("123456789")).isEqualTo("outbox_delivery_6");
    }

    @Test
    void oneKeyAlwaysGoesToOneTable() {
        String key = UUID.randomUUID().toString();
        assertThat(deliveries.shardOf(key)).isEqualTo(deliveries.shardOf(new String(key.toCharArray())));
    }

    @Test
    void keysSpreadOverAllShards() {
        int[] counts = new int[8];
        for (int i = 0; i < 80_000; i++) {
            counts[deliveries.shardOf(UUID.randomUUID().toString())]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_000, 11_000);
        }
    }

    @Test
    void aTopicNeedsAShard() {
        assertThatThrownBy(() -> new OutboxTopic("t", "outbox_t", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
