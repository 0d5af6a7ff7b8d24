package benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import benchmark.ThreadCpu.Part;

class ThreadCpuUnitTest {

    // lines as HotSpot 25 prints them (jcmd <pid> Thread.print during a relay-8 run), stacks left out
    private static final String DUMP = String.join("\n", List.of(
            "\"main\" #3 [17313] prio=5 os_prio=0 cpu=7715.11ms elapsed=116.24s tid=0x00007f468002b430 nid=17313 in Object.wait()  [0x00007f46861fd000]",
            "   java.lang.Thread.State: WAITING (on object monitor)",
            "\tat java.lang.Object.wait0(java.base@25.0.3/Native Method)",
            "",
            "\"pool-34-thread-1\" #299 [17996] prio=5 os_prio=0 cpu=243.40ms elapsed=47.75s tid=0x00007f465c1496f0 nid=17996 runnable  [0x00007f459c1fe000]",
            "\"kafka-producer-network-thread | relay-outbox_delivery_6\" #383 [19161] daemon prio=5 os_prio=0 cpu=154.43ms elapsed=41.53s tid=0x00007f462c3997d0 nid=19161 runnable  [0x00007f452a7fe000]",
            "\"data-plane-kafka-request-handler-0\" #67 [17620] daemon prio=5 os_prio=0 cpu=20.79ms elapsed=64.60s tid=0x00007f46616aa7c0 nid=17620 waiting on condition  [0x00007f461edfe000]",
            "\"data-plane-kafka-request-handler-0\" #111 [17662] daemon prio=5 os_prio=0 cpu=1166.74ms elapsed=64.31s tid=0x00007f46618656a0 nid=17662 waiting for monitor entry  [0x00007f461c3fc000]",
            "\"http-nio-30677-exec-1\" #194 [17795] daemon prio=5 os_prio=0 cpu=0.13ms elapsed=52.78s tid=0x00007f466249f440 nid=17795 waiting on condition  [0x00007f460d5fe000]",
            "\"C2 CompilerThread0\" #17 [17327] daemon prio=9 os_prio=0 cpu=29751.25ms elapsed=116.23s tid=0x00007f46800d5f40 nid=17327 runnable  [0x0000000000000000]",
            "",
            "\"GC Thread#1\" os_prio=0 cpu=1269.28ms elapsed=115.77s tid=0x00007f463c006290 nid=17332 runnable",
            "\"G1 Refine#0\" os_prio=0 cpu=159.90ms elapsed=116.30s tid=0x00007f46800a0e50 nid=17317 runnable",
            "\"VM Thread\" os_prio=0 cpu=143.88ms elapsed=116.29s tid=0x00007f46800c1360 nid=17321 runnable"));

    @Test
    void readsEveryThreadsCpuFromAThreadDumpKeepingThreadsOfOneNameApart() {
        Map<String, Double> threads = ThreadCpu.parse(DUMP);

        assertThat(threads).hasSize(10)
                .containsEntry("main #3", 7715.11)
                .containsEntry("kafka-producer-network-thread | relay-outbox_delivery_6 #383", 154.43)
                .containsEntry("data-plane-kafka-request-handler-0 #67", 20.79)
                .containsEntry("data-plane-kafka-request-handler-0 #111", 1166.74)
                .containsEntry("GC Thread#1", 1269.28)
                .containsEntry("VM Thread", 143.88);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "benchmark-writer-3 #40; USE_CASES",
        "benchmark-writers that ended; USE_CASES",
        "http-nio-30677-exec-12 #205; USE_CASES",
        "http-nio-30677-Poller #190; OTHER",
        "pool-34-thread-1 #299; RELAY",
        "blc-127.0.0.1:3306 #310; RELAY",
        "KafkaBasedLog Work Thread - relay.debezium.offsets #320; RELAY",
        "kafka-producer-network-thread | outbox-relay.outbox_delivery_2-offsets #330; RELAY",
        "kafka-coordinator-heartbeat-thread | delivery-relay.shard-leases #90; RELAY",
        "kafka-producer-network-thread | delivery-relay-analytics-3cc1e-StreamThread-1-producer #200; ANALYTICS",
        "archive-writer #210; ANALYTICS",
        "data-plane-kafka-request-handler-0 #67; BROKER",
        "kafka-1-raft-io-thread #60; BROKER",
        "broker-1-to-controller-heartbeat-channel-manager #61; BROKER",
        "TxnMarkerSenderThread-1 #62; BROKER",
        "kafka-admin-client-thread | relay-health #71; OTHER",
        "kafka-producer-network-thread | delivery-relay-producer-1 #70; OTHER",
        "benchmark-consumer #80; BENCHMARK",
        "GC Thread#1; GC",
        "G1 Conc#0; GC",
        "C2 CompilerThread0 #17; JIT",
        "VM Thread; OTHER"
    })
    void tellsWhatAThreadWorksForByItsName(String thread, Part part) {
        assertThat(ThreadCpu.classify(thread)).isEqualTo(part);
    }

    @Test
    void readsThisJvmsThreadsThroughJmx() {
        Map<String, Double> threads = ThreadCpu.ofThisJvm();

        String me = Thread.currentThread().getName() + " #" + Thread.currentThread().threadId();
        assertThat(threads).containsKey(me);
        assertThat(threads.get(me)).isPositive();
    }

    @Test
    void chargesTheWindowsCpuPerChangeToEachPartAndWhatEndedThreadsUsedToItsOwn() {
        Map<String, Double> before = Map.of("benchmark-writer-1 #40", 100.0, "pool-3-thread-1 #41", 50.0,
                "GC Thread#0", 10.0, "benchmark-writer-2 #42", 30.0);
        // writer 2 ended; a new relay thread started
        Map<String, Double> after = Map.of("benchmark-writer-1 #40", 900.0, "pool-3-thread-1 #41", 250.0,
                "GC Thread#0", 110.0, "blc-127.0.0.1:3306 #50", 100.0);

        Map<Part, Double> perChange = ThreadCpu.perPart(before, after, 1_500, 1_000);

        assertThat(perChange.get(Part.USE_CASES)).isCloseTo(0.8, within(1e-9));
        assertThat(perChange.get(Part.RELAY)).isCloseTo(0.3, within(1e-9));
        assertThat(perChange.get(Part.GC)).isCloseTo(0.1, within(1e-9));
        assertThat(perChange.get(Part.BROKER)).isZero();
        // 1,500 ms in the process, 1,200 in threads alive at the end
        assertThat(perChange.get(Part.UNSEEN)).isCloseTo(0.3, within(1e-9));
        assertThat(ThreadCpu.row("relay-8", perChange))
                .isEqualTo("| relay-8 | 0.800 | 0.300 | 0.000 | 0.000 | 0.100 | 0.000 | 0.000 | 0.000 | 0.300 | 1.500 |\n");
    }
}
