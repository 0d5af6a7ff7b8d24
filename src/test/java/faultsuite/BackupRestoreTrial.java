package faultsuite;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import loadgen.JournalChecker;
import loadgen.LoadGenerator;
import loadgen.LoadOptions;
import platform.JarProcess;
import platform.TestServers;

/**
 * Backup and restore of an embedded {@code ./data}, tried once as the README tells an operator to do it
 * ({@code scripts/fault-suite backup-restore}): the jar runs on a fresh data dir under load, is stopped, the data
 * dir is archived (without the unpacked MariaDB binaries), moved away, restored into a new directory and started
 * from there; the checker then holds the restored service to the journal written before the backup, and a second
 * load on the restored service is checked too (the relay goes on from the restored offsets).
 */
public final class BackupRestoreTrial {

    private final PrintStream out = System.out;
    private final Path work;
    private final Map<String, String> options;
    private final List<String> rows = new ArrayList<>();
    private final List<JarProcess> started = new ArrayList<>();

    private BackupRestoreTrial(Map<String, String> options) {
        this.options = options;
        this.work = Path.of(options.getOrDefault("--work", "target/backup-restore")).toAbsolutePath().normalize();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        BackupRestoreTrial trial = new BackupRestoreTrial(options);
        boolean holds;
        try {
            holds = trial.run();
        } finally {
            for (JarProcess jar : trial.started) {
                jar.close();
            }
        }
        System.exit(holds ? 0 : 1);
    }

    boolean run() throws Exception {
        TestServers.deleteRecursively(work);
        Path data = Files.createDirectories(work.resolve("data"));
        Path journalBefore = work.resolve("journal-before.csv");
        Path journalAfter = work.resolve("journal-after.csv");
        String deliveries = options.getOrDefault("--deliveries", "3000");

        JarProcess original = start(data, "original");
        timed("first start (unpack MariaDB, format Kafka)", () -> original.awaitReady(Duration.ofMinutes(4)));
        LoadGenerator.Summary before = load(data, journalBefore, deliveries);
        JournalChecker.Result beforeBackup = check(data, List.of(journalBefore));
        out.println("before the backup:\n" + beforeBackup.table());

        timed("stop (SIGTERM)", original::stop);
        Path archive = work.resolve("relay-data.tar.gz");
        timed("backup: tar of the data dir without mariadb/base", () -> run("tar", "-C", data.toString(),
                "--exclude=./mariadb/base", "-czf", archive.toString(), "."));
        rows.add(String.format(Locale.ROOT, "| archive size | %.1f MB |", Files.size(archive) / 1e6));
        // the original goes out of reach, so that nothing in the restored copy can quietly lean on it
        Path moved = work.resolve("data-original");
        Files.move(data, moved);
        Path restored = Files.createDirectories(work.resolve("restored"));
        timed("restore: untar into a fresh directory", () -> run("tar", "-C", restored.toString(), "-xzf",
                archive.toString()));

        JarProcess again = start(restored, "restored");
        timed("start from the restored directory (unpacks MariaDB again)", () -> again.awaitReady(Duration.ofMinutes(4)));
        JournalChecker.Result afterRestore = check(restored, List.of(journalBefore));
        out.println("the restored service against the journal written before the backup:\n" + afterRestore.table());
        LoadGenerator.Summary after = load(restored, journalAfter, Long.toString(Long.parseLong(deliveries) / 3));
        JournalChecker.Result both = check(restored, List.of(journalBefore, journalAfter));
        out.println("the restored service after more load, both journals:\n" + both.table());
        timed("stop", again::stop);

        boolean holds = before.clean() && after.clean() && beforeBackup.holds() && afterRestore.holds() && both.holds()
                && afterRestore.committedChanges() == beforeBackup.committedChanges();
        List<String> report = new ArrayList<>();
        report.add("| step | took / result |");
        report.add("|---|---|");
        report.addAll(rows);
        report.add(String.format(Locale.ROOT, "| checker before the backup | %,d acknowledged, %,d committed, %d lost, %d reordered, %d duplicates |",
                beforeBackup.acknowledgedChanges(), beforeBackup.committedChanges(), beforeBackup.lost(),
                beforeBackup.reordered(), beforeBackup.duplicates()));
        report.add(String.format(Locale.ROOT, "| checker on the restored copy (same journal) | %,d acknowledged, %,d committed, %d lost, %d reordered, %d duplicates |",
                afterRestore.acknowledgedChanges(), afterRestore.committedChanges(), afterRestore.lost(),
                afterRestore.reordered(), afterRestore.duplicates()));
        report.add(String.format(Locale.ROOT, "| checker after more load on the restored copy (both journals) | %,d acknowledged, %,d committed, %d lost, %d reordered, %d duplicates |",
                both.acknowledgedChanges(), both.committedChanges(), both.lost(), both.reordered(), both.duplicates()));
        report.add("| verdict | " + (holds ? "nothing lost, nothing reordered" : "FAILED") + " |");
        String table = String.join(System.lineSeparator(), report);
        out.println(table);
        Files.writeString(work.resolve("result.md"), table + System.lineSeparator());
        return holds;
    }

    private JarProcess start(Path dataDir, String name) throws IOException {
        JarProcess jar = JarProcess.start(work.resolve(name + ".log"), port("--http-port", 16080), List.of(
                "--relay.embedded.data-dir=" + dataDir,
                "--relay.embedded.mariadb.port=" + port("--db-port", 16306),
                "--relay.embedded.kafka.port=" + port("--kafka-port", 16092),
                "--relay.embedded.kafka.controller-port=" + port("--controller-port", 16192)));
        started.add(jar);
        return jar;
    }

    private int port(String option, int fallback) {
        return Integer.parseInt(options.getOrDefault(option, Integer.toString(fallback)));
    }

    private LoadGenerator.Summary load(Path dataDir, Path journal, String deliveries) throws Exception {
        LoadOptions load = LoadOptions.parse("--url", "http://127.0.0.1:" + port("--http-port", 16080), "--data-dir",
                dataDir.toString(), "--deliveries", deliveries, "--rate", options.getOrDefault("--rate", "30"),
                "--journal", journal.toString(), "--progress-every", "30s");
        LoadGenerator.Summary summary = new LoadGenerator(load, out).run();
        rows.add(String.format(Locale.ROOT, "| load into %s | %,d changes acknowledged, %d errors |",
                dataDir.getFileName(), summary.acknowledgedChanges(), summary.errors()));
        return summary;
    }

    private JournalChecker.Result check(Path dataDir, List<Path> journals) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--journal", String.join(",",
                journals.stream().map(Path::toString).toList()), "--data-dir", dataDir.toString(), "--bootstrap",
                "127.0.0.1:" + port("--kafka-port", 16092), "--jdbc", "jdbc:mysql://127.0.0.1:" + port("--db-port", 16306)
                        + "/relay?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectionTimeZone=UTC"));
        return JournalChecker.check(JournalChecker.Options.parse(arguments.toArray(String[]::new)));
    }

    private interface Step {
        void run() throws Exception;
    }

    private void timed(String what, Step step) throws Exception {
        long started = System.nanoTime();
        step.run();
        String took = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9);
        out.println(what + ": " + took);
        rows.add("| " + what + " | " + took + " |");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
