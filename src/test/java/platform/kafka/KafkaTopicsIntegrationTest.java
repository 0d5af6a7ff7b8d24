package platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.junit.jupiter.api.Test;

import platform.RelayIntegrationTest;
import platform.TestServers;

/**
 * The README lists every Kafka topic the service creates or uses, for operators who grant ACLs or create topics
 * ahead of time. This test starts the whole service on a broker of its own (one per test JVM) and compares: a topic
 * the service uses that the README does not list fails the test, and so does a listed one the service never made.
 * Kafka Streams' internal topics are listed by their prefix (the application id), as they are named per store.
 */
@RelayIntegrationTest
class KafkaTopicsIntegrationTest {

    static final Path README = Path.of("README.md");
    static final Pattern BLOCK = Pattern.compile("<!-- kafka-topics:begin -->(.*?)<!-- kafka-topics:end -->",
            Pattern.DOTALL);
    /** a table row whose first cell is a topic name or prefix in backquotes: `name` or `prefix-*` */
    static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

    @Test
    void theReadmeListsExactlyTheTopicsTheServiceUses() throws IOException {
        Set<String> documented = documented();
        assertThat(documented).as("topics listed in the README's kafka-topics block").isNotEmpty();
        Set<String> prefixes = documented.stream().filter(name -> name.endsWith("*"))
                .map(name -> name.substring(0, name.length() - 1)).collect(Collectors.toSet());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestServers.get().kafka().bootstrapServers()))) {
            // topics appear as the relay's readers, the Streams tasks and the bus start: wait for the full set
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Set<String> used = new TreeSet<>();
                Set<String> prefixesSeen = new TreeSet<>();
                for (String topic : admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get()) {
                    String prefix = prefixes.stream().filter(topic::startsWith).findFirst().orElse(null);
                    if (prefix != null) {
                        prefixesSeen.add(prefix + "*");
                    } else {
                        used.add(topic);
                    }
                }
                used.addAll(prefixesSeen);
                assertThat(used).as("topics on the broker (Kafka's own __ topics included: they need ACLs too)")
                        .containsExactlyInAnyOrderElementsOf(documented);
            });
        }
    }

    static Set<String> documented() throws IOException {
        Matcher block = BLOCK.matcher(Files.readString(README));
        assertThat(block.find()).as("README has a <!-- kafka-topics:begin --> ... end block").isTrue();
        Set<String> names = new TreeSet<>();
        Matcher row = ROW.matcher(block.group(1));
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }
}
