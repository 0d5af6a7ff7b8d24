package routing.application.port.in;

/** The rule set was edited from a version that is no longer the latest: someone else saved in between. */
public class RuleSetVersionMismatchException extends RuntimeException {

    private final long expected;
    private final long latest;

    public RuleSetVersionMismatchException(long expected, long latest) {
        super("the rule set was edited from version " + expected + " but version " + latest
                + " is the latest; reload it, reapply your change and save against " + latest);
        this.expected = expected;
        this.latest = latest;
    }

    public long expected() {
        return expected;
    }

    public long latest() {
        return latest;
    }
}
