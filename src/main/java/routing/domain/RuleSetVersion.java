package routing.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A saved rule set: its version (the ETag operators edit against), who saved it, when and why. */
public record RuleSetVersion(long version, RuleSet ruleSet, String changedBy, Instant changedAt,
        @Nullable String note) {
}
