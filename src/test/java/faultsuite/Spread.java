package faultsuite;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the work is spread over the instances, as an operator would look it up: which relay shards each instance
 * relays ({@code /actuator/health/outboxRelay}), which Kafka Streams tasks (partitions of the analytics consumer
 * group) each holds, and each instance's bus membership — proven by a rule-set change saved on one instance and
 * active on all the others.
 */
final class Spread {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Spread() {
    }

    static String describe(List<RelayInstance> instances, Admin admin, String streamsApplicationId) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("| instance | relay shards relayed here | Kafka Streams partitions (group " + streamsApplicationId
                + ") | bus id | routing version |");
        lines.add("|---|---|---|---|---|");
        Map<String, String> streams = streamsByInstance(admin, streamsApplicationId);
        for (RelayInstance instance : instances) {
            if (!instance.alive()) {
                continue;
            }
            ServiceClient.Reply relay = instance.viewer().get("/actuator/health/outboxRelay", Duration.ofSeconds(5));
            List<String> shards = new ArrayList<>();
            if (relay != null && (relay.status() == 200 || relay.status() == 503)) {
                relay.json().path("components").properties().forEach(shard -> {
                    JsonNode details = shard.getValue().path("details");
                    if (details.path("relayedHere").asBoolean()) {
                        shards.add(shard.getKey().replaceAll("^.*_", "") + " " + details.path("state").asString());
                    }
                });
            }
            ServiceClient.Reply routing = instance.viewer().get("/admin/routing/status", Duration.ofSeconds(5));
            JsonNode status = routing != null && routing.status() == 200 ? routing.json() : JSON.createObjectNode();
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", instance.name(),
                    shards.isEmpty() ? "none" : String.join(", ", shards),
                    streams.getOrDefault(instance.name(), "none"), status.path("busId").asString("?"),
                    status.path("activeVersion").asString("?")));
        }
        lines.add("");
        lines.add("Bus subscriptions (one anonymous consumer group per instance on the bus topic): "
                + busGroups(admin));
        return String.join(System.lineSeparator(), lines);
    }

    /**
     * Saves the current rule set again as a new version on {@code writer} and times how long until every other
     * live instance routes with it (Spring Cloud Bus announcement, then each reloads from the database).
     */
    static String busPropagation(List<RelayInstance> instances, RelayInstance writer) {
        ServiceClient.Reply current = writer.operator().get("/admin/routing/rule-set", Duration.ofSeconds(10));
        if (current == null || current.status() != 200 || current.etag() == null) {
            return "bus check: could not read the rule set on " + writer.name() + " (" + (current == null ? "no answer"
                    : current.status() + " " + current.body()) + ")";
        }
        JsonNode ruleSet = current.json().path("ruleSet");
        String body = "{\"note\":\"fault suite: bus propagation check\",\"ruleSet\":" + ruleSet + "}";
        long savedAt = System.nanoTime();
        ServiceClient.Reply saved = writer.operator().put("/admin/routing/rule-set", body, Duration.ofSeconds(10),
                "If-Match", current.etag());
        if (saved == null || saved.status() != 200) {
            return "bus check: saving on " + writer.name() + " answered "
                    + (saved == null ? "nothing" : saved.status() + " " + saved.body());
        }
        long version = saved.json().path("version").asLong();
        Map<String, String> seen = new TreeMap<>();
        for (RelayInstance other : instances) {
            if (other == writer || !other.alive()) {
                continue;
            }
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    ServiceClient.Reply status = other.viewer().get("/admin/routing/status", Duration.ofSeconds(2));
                    return status != null && status.status() == 200
                            && status.json().path("activeVersion").asLong() >= version;
                });
                seen.put(other.name(), String.format(Locale.ROOT, "%d ms",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - savedAt)));
            } catch (ConditionTimeoutException e) {
                seen.put(other.name(), "NOT within 30 s");
            }
        }
        return "bus check: rule set version " + version + " saved on " + writer.name() + ", active on " + seen;
    }

    private static Map<String, String> streamsByInstance(Admin admin, String applicationId) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all()
                .get(30, TimeUnit.SECONDS).get(applicationId);
        Map<String, String> byInstance = new TreeMap<>();
        if (group == null) {
            return byInstance;
        }
        for (MemberDescription member : group.members()) {
            // the static member id is delivery-relay-<instance name> (the long form sets it so); Kafka Streams adds
            // -<thread number> for each of its stream threads
            String instance = member.groupInstanceId().orElse(member.clientId())
                    .replaceAll("^delivery-relay-", "").replaceAll("-\\d+$", "");
            Map<String, TreeSet<Integer>> byTopic = new TreeMap<>();
            for (TopicPartition partition : member.assignment().topicPartitions()) {
                byTopic.computeIfAbsent(partition.topic(), t -> new TreeSet<>()).add(partition.partition());
            }
            byInstance.merge(instance, byTopic.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")),
                    (one, other) -> one + "; " + other);
        }
        return byInstance;
    }

    private static String busGroups(Admin admin) throws Exception {
        List<String> anonymous = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                .map(GroupListing::groupId).filter(id -> id.startsWith("anonymous.")).sorted().toList();
        if (anonymous.isEmpty()) {
            return "none";
        }
        List<String> groups = new ArrayList<>();
        admin.describeConsumerGroups(anonymous).all().get(30, TimeUnit.SECONDS).forEach((id, group) -> {
            if (!group.members().isEmpty()) {
                groups.add(id.substring(0, Math.min(id.length(), 18)) + "… (" + group.members().size() + " member, "
                        + group.members().iterator().next().host() + ")");
            }
        });
        return groups.size() + " live: " + String.join(", ", groups);
    }
}
