package analytics.adapter.in.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import analytics.domain.DeliveryProgress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class DeliveryEventsTopologyUnitTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TopologyTestDriver driver;
    TestInputTopic<String, String> events;
    TestOutputTopic<String, String> deadLetters;

    @BeforeEach
    void setUp() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(DeliveryEventsTopology.topology(meters), config);
        events = driver.createInputTopic(DeliveryEventsTopology.SOURCE_TOPIC, new StringSerializer(), new StringSerializer());
        deadLetters = driver.createOutputTopic(DeliveryEventsTopology.DEAD_LETTER_TOPIC, new StringDeserializer(),
                new StringDeserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void dropsDuplicatesAndCountsGapsAndLateEventsPerDelivery() {
        send("d-1", "e1", "1");
        send("d-1", "e2", "2");
        send("d-1", "e2", "2");
        send("d-1", "e4", "4");
        send("d-1", "e3", "3");
        send("d-2", "f1", "1");

        assertThat(count("in_order")).isEqualTo(3);
        assertThat(count("duplicate")).isEqualTo(1);
        assertThat(count("gap")).isEqualTo(1);
        assertThat(count("late")).isEqualTo(1);
        KeyValueStore<String, DeliveryProgress> store = driver.getKeyValueStore(DeliveryEventsTopology.PROGRESS_STORE);
        assertThat(store.get("d-1").lastSequence()).isEqualTo(4);
        assertThat(store.get("d-1").seenEventIds()).containsExactly("e1", "e2", "e4", "e3");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRecordThatCannotBeJudgedGoesToTheDeadLetterTopic() {
        send("d-1", null, "1");
        send("d-1", "e1", "not-a-number");

        assertThat(deadLetters.readValuesToList()).hasSize(2);
        assertThat(meters.counter("analytics.delivery.events.dead.lettered").count()).isEqualTo(2);
    }

    private void send(String key, String eventId, String sequence) {
        RecordHeaders headers = new RecordHeaders();
        if (eventId != null) {
            headers.add("eventId", eventId.getBytes(StandardCharsets.UTF_8));
        }
        headers.add("sequence", sequence.getBytes(StandardCharsets.UTF_8));
        events.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(key, "{}", headers));
    }

    private double count(String verdict) {
        return meters.counter("analytics.delivery.events", "verdict", verdict).count();
    }
}
