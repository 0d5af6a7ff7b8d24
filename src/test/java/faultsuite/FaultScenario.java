package faultsuite;

import static org.awaitility.Awaitility.await;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

import loadgen.JournalChecker;
import loadgen.JournalChecker.Result;

/**
 * Runs faults one after another against a system under load and records, for each, how it recovered and what
 * the checker found afterwards. A phase: wait until the system is steady (every shard RUNNING once, lag under a
 * second), inject the fault, keep it for its outage, repair it, wait until steady again (at most the recovery
 * limit), then check every acknowledged change so far (journal vs. database vs. topic).
 */
final class FaultScenario {

    interface Action {
        void run() throws Exception;
    }

    /** A fault and its repair; {@code outage} is how long the fault is kept before the repair. */
    record Fault(String name, Action inject, Duration outage, Action repair) {

        static Fault of(String name, Action inject, Duration outage, Action repair) {
            return new Fault(name, inject, outage, repair);
        }

        /** A fault that is not repaired (an instance that stays dead): the rest must recover on their own. */
        static Fault permanent(String name, Action inject) {
            return new Fault(name, inject, Duration.ZERO, () -> { });
        }
    }

    /** One phase's row of the result table. */
    record Phase(String name, RelayWatch.Recovery recovery, boolean steadyBefore, Result check,
            long newDuplicates) {

        boolean holds() {
            return check.holds();
        }
    }

    private final RelayWatch watch;
    private final JournalChecker.Options checker;
    private final PrintStream out;
    private final Duration steadyLimit;
    private final Duration recoveryLimit;
    private final Duration settle;
    private final List<Phase> phases = new ArrayList<>();
    private long duplicatesSoFar;

    FaultScenario(RelayWatch watch, JournalChecker.Options checker, PrintStream out, Duration steadyLimit,
            Duration recoveryLimit, Duration settle) {
        this.watch = watch;
        this.checker = checker;
        this.out = out;
        this.steadyLimit = steadyLimit;
        this.recoveryLimit = recoveryLimit;
        this.settle = settle;
    }

    /** Waits (at most {@code limit}) until the system is steady after {@code notBefore}; false if it did not. */
    boolean awaitSteady(Duration limit, long notBefore) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(250)).until(() -> {
                watch.requireHealthy();
                return watch.steady(notBefore);
            });
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    Phase run(Fault fault) throws Exception {
        return run(fault, true);
    }

    /** Runs one fault; {@code check} false leaves the checker for a later phase (a series of kills). */
    Phase run(Fault fault, boolean check) throws Exception {
        boolean steadyBefore = awaitSteady(steadyLimit, 0);
        if (!steadyBefore) {
            out.println("not steady before " + fault.name() + ": " + watch.whyNotSteady(0));
        }
        out.printf(Locale.ROOT, "%n=== %s%s%n", fault.name(), steadyBefore ? "" : " (the system was NOT steady before it)");
        long faultAt = System.currentTimeMillis();
        fault.inject().run();
        if (!fault.outage().isZero()) {
            pause(fault.outage());
        }
        fault.repair().run();
        long repairedAt = System.currentTimeMillis();
        boolean recovered = awaitSteady(recoveryLimit, repairedAt);
        if (!recovered) {
            out.println("not steady after " + fault.name() + ": " + watch.whyNotSteady(repairedAt));
        }
        pause(settle); // let the records of the last moments arrive, so the lag judgement has something to see
        RelayWatch.Recovery recovery = watch.recovery(faultAt, repairedAt, System.currentTimeMillis());
        watch.requireHealthy();
        Result result = check ? JournalChecker.check(checker) : null;
        long newDuplicates = 0;
        if (result != null) {
            newDuplicates = result.duplicates() - duplicatesSoFar;
            duplicatesSoFar = result.duplicates();
        }
        Phase phase = new Phase(fault.name(), recovery, steadyBefore, result == null ? NOT_CHECKED : result,
                newDuplicates);
        phases.add(phase);
        out.println(describe(phase, recovered));
        if (result != null) {
            out.println(result.table());
        }
        return phase;
    }

    /** Checks everything acknowledged so far, outside a phase (at the end of a series). */
    Result check() throws Exception {
        Result result = JournalChecker.check(checker);
        duplicatesSoFar = result.duplicates();
        out.println(result.table());
        return result;
    }

    List<Phase> phases() {
        return List.copyOf(phases);
    }

    /** The result table (Markdown). */
    String table() {
        List<String> lines = new ArrayList<>();
        lines.add("| phase | fault kept | shards RUNNING again after | lag < 1 s again after | max lag | "
                + "longest write pause | relay health during the fault | acknowledged (cum.) | lost | reordered | "
                + "duplicates (new) |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Phase phase : phases) {
            RelayWatch.Recovery r = phase.recovery();
            boolean checked = phase.check() != NOT_CHECKED;
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    phase.name(), seconds(r.outage()), runningText(r), lagText(r),
                    seconds(Duration.ofMillis(r.maxLagMillis())), seconds(Duration.ofMillis(r.longestWritePauseMillis())),
                    healthText(r), checked ? String.format(Locale.ROOT, "%,d", phase.check().acknowledgedChanges()) : "–",
                    checked ? phase.check().lost() : "–", checked ? phase.check().reordered() : "–",
                    checked ? phase.newDuplicates() : "–"));
        }
        return String.join(System.lineSeparator(), lines);
    }

    private static String describe(Phase phase, boolean recovered) {
        RelayWatch.Recovery r = phase.recovery();
        return String.format(Locale.ROOT,
                "%s: kept %s; shards RUNNING again: %s; lag < 1 s again: %s; max lag %s; "
                        + "longest write pause %s; relay health: %s%s",
                phase.name(), seconds(r.outage()), runningText(r), lagText(r),
                seconds(Duration.ofMillis(r.maxLagMillis())), seconds(Duration.ofMillis(r.longestWritePauseMillis())),
                healthText(r), recovered ? "" : " — NOT steady within the recovery limit");
    }

    private static String runningText(RelayWatch.Recovery r) {
        return r.disruptedAt() == null ? "never left" : seconds(r.toRunningAgain());
    }

    private static String lagText(RelayWatch.Recovery r) {
        Duration back = r.toLagBack();
        return back != null && back.isZero() ? "never ≥ 1 s" : seconds(back);
    }

    private static String healthText(RelayWatch.Recovery r) {
        List<String> parts = new ArrayList<>();
        if (r.healthTroubled()) {
            parts.add("shards DOWN/RETRYING");
        } else if (r.disruptedAt() != null) {
            parts.add("shards moved/restarted, none DOWN");
        } else {
            parts.add("all RUNNING, UP throughout");
        }
        if (!r.relayNotUp().isEmpty()) {
            parts.add("relay not UP or no answer on " + String.join(", ", r.relayNotUp().keySet()));
        }
        return String.join("; ", parts);
    }

    static String seconds(@Nullable Duration duration) {
        return duration == null ? "not recovered" : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    static void pause(Duration duration) {
        // a deliberate wait (an outage kept for its length), not a wait for a condition
        await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }

    private static final Result NOT_CHECKED = new Result(0, 0, 0, 0, 0, 0, 0, 0, 0, java.util.Map.of(), List.of());
}
