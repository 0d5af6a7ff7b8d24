package routing.domain;

import java.util.List;

/** A rule set that cannot be used, with every reason found. */
public class InvalidRuleSetException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRuleSetException(List<Violation> violations) {
        super("invalid rule set: " + violations.size() + " violation(s), first: " + violations.getFirst().path()
                + " " + violations.getFirst().message());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
