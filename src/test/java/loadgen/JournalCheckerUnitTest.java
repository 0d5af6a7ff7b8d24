package loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import outbox.EventEnvelope;

/**
 * The checker is what every load and fault run's "0 lost, 0 reordered" rests on: each of its verdicts is fed a run
 * that breaks exactly that rule, and a clean run, so a checker that could not see a loss would fail here.
 */
class JournalCheckerUnitTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private final Map<UUID, TreeSet<Long>> journal = new HashMap<>();
    private final Map<UUID, Long> database = new HashMap<>();
    private long offset;

    @Test
    void aCleanRunHolds() {
        acknowledge(A, 1, 2, 3);
        acknowledge(B, 1, 2);
        committed(A, 3);
        committed(B, 2);
        JournalChecker.Topic topic = topic(record(A, 1), record(B, 1), record(A, 2), record(B, 2), record(A, 3));

        JournalChecker.Result result = check(topic);

        assertThat(result.holds()).isTrue();
        assertThat(result).extracting(JournalChecker.Result::deliveries, JournalChecker.Result::acknowledgedChanges,
                JournalChecker.Result::committedChanges, JournalChecker.Result::recordsRead)
                .containsExactly(2L, 5L, 5L, 5L);
        assertThat(result.lost() + result.reordered() + result.duplicates() + result.conflictingDuplicates()
                + result.databaseBehind()).isZero();
        assertThat(result.table()).contains("verdict: nothing lost, nothing reordered");
    }

    @Test
    void anAcknowledgedChangeMissingFromTheTopicIsLost() {
        acknowledge(A, 1, 2, 3);
        committed(A, 3);

        JournalChecker.Result result = check(topic(record(A, 1), record(A, 3)));

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.holds()).isFalse();
        assertThat(result.examples()).anyMatch(e -> e.contains("sequence 2 acknowledged but not on the topic"));
        assertThat(result.table()).contains("verdict: FAILED");
    }

    @Test
    void aCommittedChangeNobodyWasToldAboutMustStillReachTheTopic() {
        // the answer was lost in flight (a timeout, a crash after the commit): not journaled, but committed
        acknowledge(A, 1);
        committed(A, 2);

        JournalChecker.Result result = check(topic(record(A, 1)));

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.examples()).anyMatch(e -> e.contains("sequence 2 committed but not on the topic"));
    }

    @Test
    void anAcknowledgementTheDatabaseDoesNotHoldIsCaught() {
        acknowledge(A, 1, 2);
        committed(A, 1);
        acknowledge(B, 1); // not in the database at all

        JournalChecker.Result result = check(topic(record(A, 1), record(A, 2)));

        assertThat(result.databaseBehind()).isEqualTo(2);
        assertThat(result.holds()).isFalse();
    }

    @Test
    void anOlderSequenceAfterANewerOneIsAReorder() {
        acknowledge(A, 1, 2, 3);
        committed(A, 3);

        JournalChecker.Result result = check(topic(record(A, 1), record(A, 3), record(A, 2)));

        assertThat(result.reordered()).isEqualTo(1);
        assertThat(result.lost()).isZero();
        assertThat(result.holds()).isFalse();
        assertThat(result.examples()).anyMatch(e -> e.contains("sequence 2 after 3"));
    }

    @Test
    void theSameEventAgainIsADuplicateAllowedAndNotAReorder() {
        // a relay restarted from its last flushed offset sends 1 and 2 again after 3
        acknowledge(A, 1, 2, 3);
        committed(A, 3);
        ConsumerRecord<String, String> one = record(A, 1);
        ConsumerRecord<String, String> two = record(A, 2);

        JournalChecker.Result result = check(topic(one, two, record(A, 3), again(one), again(two)));

        assertThat(result.duplicates()).isEqualTo(2);
        assertThat(result.reordered()).isZero();
        assertThat(result.holds()).isTrue();
    }

    @Test
    void aSequenceClaimedByAnotherEventIsAConflict() {
        acknowledge(A, 1, 2);
        committed(A, 2);

        JournalChecker.Result result = check(topic(record(A, 1), record(A, 2), record(A, 2)));

        assertThat(result.conflictingDuplicates()).isEqualTo(1);
        assertThat(result.duplicates()).isZero();
        assertThat(result.holds()).isFalse();
    }

    @Test
    void longLivesBeyondSixtyThreeEventsAreTrackedToo() {
        // the topic keeps a bit per sequence up to 63 and a set beyond: a loss past the bits must still show
        long[] versions = java.util.stream.LongStream.rangeClosed(1, 70).toArray();
        acknowledge(A, versions);
        committed(A, 70);
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        for (long v = 1; v <= 70; v++) {
            if (v != 66) {
                records.add(record(A, v));
            }
        }
        records.add(again(records.get(64))); // sequence 65 again: a duplicate, not a reorder

        JournalChecker.Result result = check(topic(records.toArray(ConsumerRecord[]::new)));

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.reordered()).isZero();
        assertThat(result.examples()).anyMatch(e -> e.contains("sequence 66"));
    }

    @Test
    void recordsOfOtherDeliveriesAndWithoutASequenceAreNotCounted() {
        acknowledge(A, 1);
        committed(A, 1);
        ConsumerRecord<String, String> unrelated = record(B, 5);
        ConsumerRecord<String, String> noSequence = new ConsumerRecord<>("delivery.events", 0, offset++, A.toString(), "{}");

        JournalChecker.Result result = check(topic(record(A, 1), unrelated, noSequence));

        assertThat(result.recordsRead()).isEqualTo(1);
        assertThat(result.holds()).isTrue();
    }

    @Test
    void theTopicIsCaughtUpOnlyWhenItHoldsEveryDeliverysLastCommittedVersion() {
        committed(A, 2);
        committed(B, 1);
        JournalChecker.Topic topic = topic(record(A, 1), record(B, 1));

        assertThat(topic.holdsEveryCommitted(database)).isFalse();
        topic.take(record(A, 2));
        assertThat(topic.holdsEveryCommitted(database)).isTrue();
    }

    private void acknowledge(UUID id, long... versions) {
        for (long version : versions) {
            journal.computeIfAbsent(id, key -> new TreeSet<>()).add(version);
        }
    }

    private void committed(UUID id, long version) {
        database.put(id, version);
    }

    @SafeVarargs
    private JournalChecker.Topic topic(ConsumerRecord<String, String>... records) {
        java.util.Set<UUID> interesting = new java.util.HashSet<>(database.keySet());
        interesting.addAll(journal.keySet());
        JournalChecker.Topic topic = new JournalChecker.Topic(interesting);
        for (ConsumerRecord<String, String> record : records) {
            topic.take(record);
        }
        return topic;
    }

    private JournalChecker.Result check(JournalChecker.Topic topic) {
        // as Database.read does: journaled deliveries the database does not hold are at version 0
        Map<UUID, Long> versions = new HashMap<>(database);
        journal.keySet().forEach(id -> versions.putIfAbsent(id, 0L));
        return JournalChecker.compare(journal, new JournalChecker.Database(versions, Map.of()), topic);
    }

    /** a record as the relay writes it: keyed by delivery id, a new event id, the delivery's sequence */
    private ConsumerRecord<String, String> record(UUID id, long sequence) {
        return withHeaders(id, sequence, UUID.randomUUID().toString());
    }

    /** the same event delivered once more (same event id), at a later offset */
    private ConsumerRecord<String, String> again(ConsumerRecord<String, String> record) {
        return withHeaders(UUID.fromString(record.key()),
                Long.parseLong(java.util.Objects.requireNonNull(EventEnvelope.header(record.headers(), EventEnvelope.SEQUENCE))),
                java.util.Objects.requireNonNull(EventEnvelope.header(record.headers(), EventEnvelope.EVENT_ID)));
    }

    private ConsumerRecord<String, String> withHeaders(UUID id, long sequence, String eventId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventEnvelope.SEQUENCE, Long.toString(sequence).getBytes(StandardCharsets.UTF_8));
        headers.add(EventEnvelope.EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("delivery.events", 0, offset++, 0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, id.toString(), "{}", headers,
                java.util.Optional.empty());
    }
}
