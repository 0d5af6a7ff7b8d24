package routing.application.port.in;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The rule set was edited from a version that is no longer the latest (someone else saved in between), or the
 * caller's {@code If-Match} names no version at all (weak tags never match).
 */
public class RuleSetVersionMismatchException extends RuntimeException {

    private final long latest;

    public RuleSetVersionMismatchException(long expected, long latest) {
        super("the rule set was edited from version " + expected + " but version " + latest
                + " is the latest; reload it, reapply your change and save against " + latest);
        this.latest = latest;
    }

    public RuleSetVersionMismatchException(Collection<Long> expected, long latest) {
        super(expected.size() == 1 ? "the rule set was edited from version " + expected.iterator().next()
                + " but version " + latest + " is the latest; reload it, reapply your change and save against " + latest
                : expected.isEmpty() ? "If-Match names no version of the rule set (weak entity tags never match); send "
                        + "the ETag as given: \"" + latest + "\" is the latest"
                : "the rule set was edited from one of versions " + expected.stream().sorted().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + " but version " + latest + " is the latest; reload it, "
                        + "reapply your change and save against " + latest);
        this.latest = latest;
    }

    public long latest() {
        return latest;
    }
}
