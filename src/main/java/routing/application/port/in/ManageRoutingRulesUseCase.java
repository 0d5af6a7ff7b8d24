package routing.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import routing.Route;
import routing.domain.RoutingInput;
import routing.domain.RuleSet;
import routing.domain.RuleSetVersion;

/** What an operator does with routing rules: read them, replace them, try them out, read their history. */
public interface ManageRoutingRulesUseCase {

    /**
     * The newest saved rule set: what an operator edits. An instance routes with it as soon as it has heard of
     * it; {@link #status()} tells which version this one routes with.
     */
    RuleSetVersion latest();

    /** A saved version, active or not. */
    RuleSetVersion version(long version);

    /** Saved versions, newest first, each with what changed from the version before it. */
    List<HistoryEntry> history(int limit);

    /**
     * Validates and saves a rule set as the next version, activates it here and announces it to the other
     * instances. Throws {@link routing.domain.InvalidRuleSetException} listing every problem, or
     * {@link RuleSetVersionMismatchException} if the stored version is not one of {@code expectedVersions}.
     */
    RuleSetVersion replace(ReplaceRuleSetCommand command);

    /**
     * Routes sample deliveries with a candidate rule set (validated, never saved) or, without one, with the active
     * set.
     */
    DryRun dryRun(@Nullable RuleSet candidate, List<RoutingInput> samples);

    /** Which version this instance routes with, since when, and the newest version in the store. */
    Status status();

    /**
     * @param expectedVersions the versions the rule set may be at for the replacement to apply (the caller's
     *        {@code If-Match}); {@code null} for any version ({@code If-Match: *}): then concurrent replacements all
     *        apply, one after another, each as the next version
     */
    record ReplaceRuleSetCommand(RuleSet ruleSet, @Nullable Set<Long> expectedVersions, String operator,
            @Nullable String note) {

        public ReplaceRuleSetCommand {
            expectedVersions = expectedVersions == null ? null : Set.copyOf(expectedVersions);
        }

        public ReplaceRuleSetCommand(RuleSet ruleSet, long expectedVersion, String operator, @Nullable String note) {
            this(ruleSet, Set.of(expectedVersion), operator, note);
        }
    }

    record HistoryEntry(long version, String changedBy, Instant changedAt, @Nullable String note,
            List<String> changes) {
    }

    /** {@code ruleSetVersion} is empty when a candidate was tried. */
    record DryRun(Optional<Long> ruleSetVersion, List<Result> results) {

        public record Result(RoutingInput sample, Route route) {
        }
    }

    record Status(long activeVersion, Instant activeSince, long storedVersion, Instant checkedAt) {
    }
}
