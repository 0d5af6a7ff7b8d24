package loadgen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

import delivery.DeliveryEvent;
import outbox.EventEnvelope;

/**
 * Holds the service to its promise after a load (or fault) run: every change it acknowledged is on the topic, in
 * order per delivery, and so is every change the database committed.
 *
 * <p>Three sources are compared. The journal (what the service acknowledged: delivery id and version); the
 * database (the truth: each delivery's version, which is also the sequence of its last event); the topic
 * {@code delivery.events}, read with {@code read_committed} from the beginning. Verdicts:
 * <ul>
 * <li><b>lost</b>: an acknowledged version with no event of that sequence on the topic, or a committed version
 * (the database's) with none — must be 0;</li>
 * <li><b>database behind</b>: an acknowledged version newer than the database's — must be 0;</li>
 * <li><b>reordered</b>: a record whose sequence is lower than one already seen for its delivery and not seen
 * before — must be 0;</li>
 * <li><b>duplicates</b>: a record whose sequence was already seen with the same event id (the relay's
 * at-least-once redelivery, which consumers drop by event id) — counted, allowed;</li>
 * <li><b>conflicting duplicates</b>: a sequence seen again with another event id (two different events claiming
 * one place in a delivery's history, which dropping by event id would not remove) — must be 0.</li>
 * </ul>
 * The relay may still be catching up when the checker starts, so it reads until the topic holds every committed
 * version or a timeout passes.
 */
public final class JournalChecker {

    private static final int MAX_EXAMPLES = 10;

    /**
     * @param kafkaProperties further Kafka client settings, e.g. {@code security.protocol} and {@code ssl.*} for a
     *                        cluster with TLS and SASL
     */
    public record Options(List<Path> journals, String bootstrapServers, Map<String, String> kafkaProperties,
            String jdbcUrl, String dbUser, String dbPassword, Duration catchUpTimeout) {

        public Options {
            journals = List.copyOf(journals);
            kafkaProperties = Map.copyOf(kafkaProperties);
        }

        static final String USAGE = """
                Checks a load run: journal vs. database vs. topic.
                  --journal FILE          one or more (comma-separated) journals (default target/loadgen/journal.csv)
                  --bootstrap HOST:PORT   Kafka (default 127.0.0.1:9092, the embedded run's)
                  --kafka-config FILE     Kafka client properties (security.protocol, ssl.*, sasl.*), as for Kafka's
                                          own tools' --command-config
                  --jdbc URL              database (default the embedded run's, jdbc:mysql://127.0.0.1:3307/relay)
                  --db-user NAME          (default relay)
                  --db-password PASSWORD  (default: the embedded run's generated one from --data-dir)
                  --data-dir DIR          the embedded run's data dir (default ./data)
                  --catch-up-timeout D    how long to wait for the relay to publish every committed change (default 2m)""";

        public static Options parse(String... args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("Unexpected argument '" + args[i] + "'\n" + USAGE);
                }
                given.put(args[i], args[i + 1]);
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException(USAGE);
            }
            Path dataDir = Path.of(given.getOrDefault("--data-dir", "./data"));
            List<Path> journals = new ArrayList<>();
            for (String file : given.getOrDefault("--journal", "target/loadgen/journal.csv").split(",")) {
                journals.add(Path.of(file.trim()));
            }
            Map<String, String> kafkaProperties = new LinkedHashMap<>();
            if (given.containsKey("--kafka-config")) {
                Properties file = new Properties();
                try (var reader = Files.newBufferedReader(Path.of(given.get("--kafka-config")))) {
                    file.load(reader);
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("Cannot read " + given.get("--kafka-config") + ": " + e.getMessage());
                }
                file.stringPropertyNames().forEach(name -> kafkaProperties.put(name, file.getProperty(name)));
            }
            return new Options(journals, given.getOrDefault("--bootstrap", "127.0.0.1:9092"), kafkaProperties,
                    given.getOrDefault("--jdbc", "jdbc:mysql://127.0.0.1:3307/relay?sslMode=DISABLED"
                            + "&allowPublicKeyRetrieval=true&connectionTimeZone=UTC"),
                    given.getOrDefault("--db-user", "relay"),
                    given.containsKey("--db-password") ? given.get("--db-password")
                            : EmbeddedCredentials.databasePassword(dataDir),
                    LoadOptions.duration(given.getOrDefault("--catch-up-timeout", "2m")));
        }
    }

    /** The checker's numbers. {@link #holds()} when nothing was lost, reordered or behind. */
    public record Result(long deliveries, long acknowledgedChanges, long committedChanges, long recordsRead,
            long lost, long databaseBehind, long reordered, long duplicates, long conflictingDuplicates,
            Map<String, Long> inProgressByStatus, List<String> examples) {

        public boolean holds() {
            return lost == 0 && databaseBehind == 0 && reordered == 0 && conflictingDuplicates == 0;
        }

        public String table() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "%-42s %,12d", "deliveries checked", deliveries));
            lines.add(String.format(Locale.ROOT, "%-42s %,12d", "changes acknowledged (journal)", acknowledgedChanges));
            lines.add(String.format(Locale.ROOT, "%-42s %,12d", "changes committed (database)", committedChanges));
            lines.add(String.format(Locale.ROOT, "%-42s %,12d", "records read (topic)", recordsRead));
            lines.add(String.format(Locale.ROOT, "%-42s %,12d", "lost (acknowledged or committed, not on topic)", lost));
            lines.add(String.format(Locale.ROOT, "%-42s %,12d", "database behind an acknowledgement", databaseBehind));
            lines.add(String.format(Locale.ROOT, "%-42s %,12d", "reordered per delivery", reordered));
            lines.add(String.format(Locale.ROOT, "%-42s %,12d", "duplicates (redelivered, dropped by event id)", duplicates));
            lines.add(String.format(Locale.ROOT, "%-42s %,12d", "sequence repeated with another event id", conflictingDuplicates));
            lines.add("in progress by status (database): " + inProgressByStatus);
            examples.forEach(example -> lines.add("  e.g. " + example));
            lines.add(holds() ? "verdict: nothing lost, nothing reordered" : "verdict: FAILED");
            return String.join(System.lineSeparator(), lines);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Result result = check(options);
        System.out.println(result.table());
        System.exit(result.holds() ? 0 : 1);
    }

    public static Result check(Options options) throws SQLException {
        for (Path journal : options.journals()) {
            if (!Files.isReadable(journal)) {
                throw new IllegalArgumentException("No journal at " + journal);
            }
        }
        Map<UUID, TreeSet<Long>> acknowledged = Journal.read(options.journals());
        Database truth = Database.read(options, acknowledged.keySet());
        Topic topic = new Topic(truth.versions.keySet());
        long deadline = System.nanoTime() + options.catchUpTimeout().toNanos();
        try (KafkaConsumer<String, String> consumer = consumer(options)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(DeliveryEvent.TOPIC)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            do {
                readToEnd(consumer, partitions, topic);
                if (topic.holdsEveryCommitted(truth.versions)) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            } while (System.nanoTime() < deadline);
        }
        return compare(acknowledged, truth, topic);
    }

    // package-private: JournalCheckerUnitTest feeds it a journal, a database and a topic that break each rule
    static Result compare(Map<UUID, TreeSet<Long>> acknowledged, Database truth, Topic topic) {
        long lost = 0;
        long databaseBehind = 0;
        long acknowledgedChanges = 0;
        long committed = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<UUID, TreeSet<Long>> entry : acknowledged.entrySet()) {
            UUID id = entry.getKey();
            long dbVersion = truth.versions.getOrDefault(id, 0L);
            for (long version : entry.getValue()) {
                acknowledgedChanges++;
                if (version > dbVersion) {
                    databaseBehind++;
                    example(examples, "delivery " + id + ": version " + version + " acknowledged, database at " + dbVersion);
                }
            }
        }
        for (Map.Entry<UUID, Long> entry : truth.versions.entrySet()) {
            UUID id = entry.getKey();
            Set<Long> acked = acknowledged.getOrDefault(id, new TreeSet<>());
            for (long version = 1; version <= entry.getValue(); version++) {
                committed++;
                if (!topic.has(id, version)) {
                    lost++;
                    example(examples, "delivery " + id + ": sequence " + version + (acked.contains(version)
                            ? " acknowledged" : " committed") + " but not on the topic");
                }
            }
        }
        examples.addAll(topic.reorderExamples);
        return new Result(truth.versions.size(), acknowledgedChanges, committed, topic.recordsRead, lost,
                databaseBehind, topic.reordered, topic.duplicates, topic.conflicting, truth.inProgressByStatus,
                examples.subList(0, Math.min(examples.size(), MAX_EXAMPLES)));
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(example);
        }
    }

    private static void readToEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
            Topic topic) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                topic.take(record);
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(Options options) {
        Map<String, Object> config = new HashMap<>(options.kafkaProperties());
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        return new KafkaConsumer<>(config);
    }

    /** Each delivery's committed version (= the sequence of its last event) and the in-progress counts. */
    record Database(Map<UUID, Long> versions, Map<String, Long> inProgressByStatus) {

        static Database read(Options options, Set<UUID> journaled) throws SQLException {
            Map<UUID, Long> versions = new HashMap<>();
            Map<String, Long> byStatus = new TreeMap<>();
            Instant since = Journal.firstAcknowledgement(options.journals()).minus(Duration.ofMinutes(1));
            try (Connection db = DriverManager.getConnection(options.jdbcUrl(), options.dbUser(), options.dbPassword());
                    PreparedStatement query = db.prepareStatement(
                            "SELECT id, version, status FROM delivery WHERE created_at >= ?")) {
                query.setTimestamp(1, Timestamp.from(since));
                // stream the rows: MySQL's driver does that for MIN_VALUE only, MariaDB's refuses it and takes a size
                query.setFetchSize(options.jdbcUrl().startsWith("jdbc:mysql:") ? Integer.MIN_VALUE : 1_000);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        UUID id = UUID.fromString(rows.getString(1));
                        versions.put(id, rows.getLong(2));
                        String status = rows.getString(3);
                        if (!status.equals("DELIVERED") && !status.equals("CANCELLED")) {
                            byStatus.merge(status, 1L, Long::sum);
                        }
                    }
                }
                // a journal may name deliveries created before its first line (several journals, or a journal
                // started while older deliveries were still living): look those up by id
                List<UUID> older = journaled.stream().filter(id -> !versions.containsKey(id)).toList();
                for (int from = 0; from < older.size(); from += 500) {
                    List<UUID> batch = older.subList(from, Math.min(older.size(), from + 500));
                    try (PreparedStatement byId = db.prepareStatement("SELECT id, version FROM delivery WHERE id IN ("
                            + String.join(",", java.util.Collections.nCopies(batch.size(), "?")) + ")")) {
                        for (int i = 0; i < batch.size(); i++) {
                            byId.setString(i + 1, batch.get(i).toString());
                        }
                        try (ResultSet rows = byId.executeQuery()) {
                            while (rows.next()) {
                                versions.put(UUID.fromString(rows.getString(1)), rows.getLong(2));
                            }
                        }
                    }
                }
            }
            for (UUID id : journaled) {
                versions.putIfAbsent(id, 0L); // journaled but not in the database: every acknowledged version is behind
            }
            return new Database(versions, byStatus);
        }
    }

    /**
     * What the topic holds for the deliveries under check: per delivery a bit per sequence seen (a life has about
     * six events, so a {@code long} mask covers it; longer lives spill into a set) and the highest sequence.
     */
    static final class Topic {
        private final Set<UUID> interesting;
        private final Map<UUID, long[]> seen = new HashMap<>();
        private final Map<UUID, Set<Long>> spilled = new HashMap<>();
        /** the event id first seen at each delivery's sequence ({@code <delivery id>/<sequence>}) */
        private final Map<String, String> eventIds = new HashMap<>();
        private final List<String> reorderExamples = new ArrayList<>();
        long recordsRead;
        long reordered;
        long duplicates;
        long conflicting;

        Topic(Set<UUID> interesting) {
            this.interesting = interesting;
        }

        void take(ConsumerRecord<String, String> record) {
            @Nullable Long sequence = sequence(record);
            if (record.key() == null || sequence == null) {
                return;
            }
            UUID id;
            try {
                id = UUID.fromString(record.key());
            } catch (IllegalArgumentException e) {
                return;
            }
            if (!interesting.contains(id)) {
                return;
            }
            recordsRead++;
            long[] state = seen.computeIfAbsent(id, key -> new long[2]); // [0] mask, [1] highest sequence
            String eventId = String.valueOf(EventEnvelope.header(record.headers(), EventEnvelope.EVENT_ID));
            if (has(id, sequence)) {
                String first = eventIds.get(id + "/" + sequence);
                if (eventId.equals(first)) {
                    duplicates++;
                } else {
                    conflicting++;
                    if (reorderExamples.size() < MAX_EXAMPLES) {
                        reorderExamples.add("delivery " + id + ": sequence " + sequence + " as event " + eventId
                                + " after event " + first + " (partition " + record.partition() + ", offset "
                                + record.offset() + ")");
                    }
                }
                return;
            }
            eventIds.put(id + "/" + sequence, eventId);
            if (sequence < state[1]) {
                reordered++;
                if (reorderExamples.size() < MAX_EXAMPLES) {
                    reorderExamples.add("delivery " + id + ": sequence " + sequence + " after " + state[1]
                            + " (partition " + record.partition() + ", offset " + record.offset() + ")");
                }
            }
            mark(id, state, sequence);
            state[1] = Math.max(state[1], sequence);
        }

        boolean has(UUID id, long sequence) {
            long[] state = seen.get(id);
            if (state == null) {
                return false;
            }
            return sequence >= 1 && sequence <= 63 ? (state[0] & (1L << sequence)) != 0
                    : spilled.getOrDefault(id, Set.of()).contains(sequence);
        }

        boolean holdsEveryCommitted(Map<UUID, Long> versions) {
            for (Map.Entry<UUID, Long> entry : versions.entrySet()) {
                long[] state = seen.get(entry.getKey());
                long highest = state == null ? 0 : state[1];
                if (highest < entry.getValue()) {
                    return false;
                }
            }
            return true;
        }

        private void mark(UUID id, long[] state, long sequence) {
            if (sequence >= 1 && sequence <= 63) {
                state[0] |= 1L << sequence;
            } else {
                spilled.computeIfAbsent(id, key -> new TreeSet<>()).add(sequence);
            }
        }

        private static @Nullable Long sequence(ConsumerRecord<String, String> record) {
            String text = EventEnvelope.header(record.headers(), EventEnvelope.SEQUENCE);
            try {
                return text == null ? null : Long.parseLong(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
