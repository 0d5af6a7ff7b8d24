package platform.persistence;

/**
 * Attached (as a suppressed exception) to a failure that ended its transaction with a rollback before any commit
 * was attempted, so that whoever reports the failure can say "nothing was changed" and be right. Failures without
 * it may have happened after a change was committed.
 */
public final class RolledBack extends RuntimeException {

    private RolledBack() {
        super("the transaction was rolled back: nothing it wrote was committed", null, false, false);
    }

    static void mark(Throwable failure) {
        if (!isMarked(failure)) {
            failure.addSuppressed(new RolledBack());
        }
    }

    /** Whether this failure, or one it was caused by, ended its transaction without committing anything. */
    public static boolean isMarked(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof RolledBack) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
