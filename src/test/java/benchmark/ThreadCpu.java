package benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's CPU goes, by what its threads do: the use cases, the relay, the embedded broker, analytics, GC and
 * the JIT compiler, judged by thread names. Another JVM (the packaged jar of the HTTP scenario) is read from
 * HotSpot's thread dump ({@code jcmd <pid> Thread.print}), which prints each thread's CPU time ({@code cpu=12.34ms})
 * with its full name, the JVM's own GC and compiler threads included; {@code /proc/<pid>/task/<tid>/comm} would cut
 * names to 15 characters and lose the Kafka clients' ids that say whose network thread it is. This JVM is read
 * through JMX's {@code ThreadMXBean}: a {@code jcmd} the benchmark started against its own JVM hung (2026-11-29, the
 * attach never answered), and JMX needs no attach, but it sees only Java threads.
 */
final class ThreadCpu {

    /** What a thread works for, judged by its name (the names these libraries give their threads). */
    enum Part {
        USE_CASES("use cases (writers / HTTP requests)"),
        RELAY("relay (Debezium, binlog clients, shard producers, offsets)"),
        BROKER("embedded broker"),
        ANALYTICS("analytics (Kafka Streams, archive)"),
        GC("GC"),
        JIT("JIT compiler"),
        BENCHMARK("benchmark's own threads"),
        OTHER("other (Spring, KafkaTemplate's producer, bus, metrics, the JVM's own)"),
        UNSEEN("in no Java thread seen at the end (native threads such as RocksDB's and DuckDB's, ended threads; in-process also GC and JIT)");

        final String label;

        Part(String label) {
            this.label = label;
        }
    }

    // a Java thread: "name" #12 [345] daemon prio=5 os_prio=0 cpu=12.34ms elapsed=...; the JVM's own: "name" os_prio=0 cpu=...
    private static final Pattern THREAD = Pattern.compile("^\"(.*)\"(?: #(\\d+))?.*? cpu=([0-9.]+)ms", Pattern.MULTILINE);

    private ThreadCpu() {
    }

    /** Each thread's CPU in ms so far, keyed by name and (for Java threads) id, from a thread dump. */
    static Map<String, Double> parse(String threadDump) {
        Map<String, Double> cpu = new HashMap<>();
        Matcher m = THREAD.matcher(threadDump);
        while (m.find()) {
            String key = m.group(2) == null ? m.group(1) : m.group(1) + " #" + m.group(2);
            cpu.merge(key, Double.parseDouble(m.group(3)), Double::sum);
        }
        return cpu;
    }

    /**
     * A thread dump of another JVM, parsed; empty (and said so) when jcmd does not answer within 30 s. The dump goes
     * to a file, so that a jcmd that never ends cannot hold the benchmark.
     */
    static Map<String, Double> snapshot(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path dump = null;
        try {
            dump = Files.createTempFile("thread-dump-", ".txt");
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                System.out.println("thread CPU not measured: jcmd " + pid + " Thread.print did not answer in 30 s");
                return Map.of();
            }
            if (process.exitValue() != 0) {
                System.out.println("thread CPU not measured: jcmd " + pid + " Thread.print exited with "
                        + process.exitValue());
                return Map.of();
            }
            return parse(Files.readString(dump, StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.out.println("thread CPU not measured: " + e.getMessage());
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } finally {
            if (dump != null) {
                dump.toFile().delete();
            }
        }
    }

    /** This JVM's live Java threads' CPU in ms so far, keyed like {@link #parse}. */
    static Map<String, Double> ofThisJvm() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue; // ended since the ids were read
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadName() + " #" + info.getThreadId(), nanos / 1e6);
            }
        }
        return cpu;
    }

    static Part classify(String thread) {
        String name = thread.replaceFirst(" #\\d+$", "");
        if (name.startsWith("benchmark-") && !name.startsWith("benchmark-writer") || name.startsWith("benchmark.")
                || name.contains("| benchmark")) {
            return Part.BENCHMARK;
        }
        if (name.contains("analytics") || name.contains("StreamThread") || name.contains("archive")) {
            return Part.ANALYTICS;
        }
        if (name.contains("| relay-health")) {
            return Part.OTHER; // the broker health indicator's admin client
        }
        if (name.contains("outbox") || name.contains("debezium") || name.startsWith("blc-")
                || name.startsWith("KafkaBasedLog") || name.startsWith("relay") || name.contains("| relay")
                || name.contains("shard-leases")
                // Debezium's engines run their tasks on unnamed executors; the benchmark's writers are named
                || name.startsWith("pool-")) {
            return Part.RELAY;
        }
        if (name.startsWith("benchmark-writer") || name.matches("http-nio-\\d+-exec-\\d+")) {
            return Part.USE_CASES;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return Part.GC;
        }
        if (name.matches("C[12] CompilerThread\\d+")) {
            return Part.JIT;
        }
        if (name.startsWith("data-plane-kafka") || name.startsWith("kafka-scheduler") || name.startsWith("kafka-log-cleaner")
                || name.matches("kafka-\\d+-.*") || name.matches("(broker|controller)-\\d+-.*")
                || name.startsWith("ExpirationReaper") || name.startsWith("group-coordinator")
                || name.startsWith("share-") || name.startsWith("transaction-log") || name.startsWith("raft-")
                || name.startsWith("quorum-controller") || name.startsWith("executor-")
                || name.startsWith("TxnMarkerSenderThread") || name.startsWith("AddPartitionsToTxnSenderThread")
                || name.startsWith("LogDirFailureHandler") || name.startsWith("metrics-meter-tick-thread")
                || name.startsWith("persister") || name.startsWith("PersisterStateManager")
                || name.startsWith("client-metrics-reaper") || name.startsWith("SensorExpiryThread")) {
            return Part.BROKER;
        }
        return Part.OTHER;
    }

    /**
     * CPU ms per unit of work by part, between two snapshots of one JVM. A thread that ended in between is missing
     * from the second snapshot: its CPU is in {@code processCpuMs} but in no thread, and shows as {@link Part#UNSEEN}.
     */
    static Map<Part, Double> perPart(Map<String, Double> before, Map<String, Double> after, double processCpuMs,
            long work) {
        Map<Part, Double> parts = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            parts.put(part, 0.0);
        }
        double threads = 0;
        for (var thread : after.entrySet()) {
            double ms = thread.getValue() - before.getOrDefault(thread.getKey(), 0.0);
            parts.merge(classify(thread.getKey()), ms, Double::sum);
            threads += ms;
        }
        // negative when the threads' sum passed the process's (a thread dump's own cost after the process's reading)
        parts.put(Part.UNSEEN, processCpuMs - threads);
        parts.replaceAll((part, ms) -> work == 0 ? Double.NaN : ms / work);
        return parts;
    }

    /** A table row: each part's ms per change, in {@link Part} order, and their sum. */
    static String row(String scenario, Map<Part, Double> parts) {
        StringBuilder row = new StringBuilder("| ").append(scenario);
        double total = 0;
        for (Part part : Part.values()) {
            double ms = parts.getOrDefault(part, 0.0);
            row.append(String.format(Locale.ROOT, " | %.3f", ms));
            total += ms;
        }
        return row.append(String.format(Locale.ROOT, " | %.3f |%n", total)).toString();
    }

    static String header() {
        StringBuilder header = new StringBuilder("| scenario");
        StringBuilder rule = new StringBuilder("|---");
        for (Part part : Part.values()) {
            header.append(" | ").append(part.label);
            rule.append("|---");
        }
        return header.append(" | the JVM |\n").append(rule).append("|---|\n").toString();
    }
}
