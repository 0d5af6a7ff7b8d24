package platform.persistence;

/**
 * The commit of a change was sent but no answer came back (the connection broke, the server restarted): the
 * change may or may not have been applied. Only a read can tell; a caller whose changes are idempotent may retry.
 */
public class CommitOutcomeUnknownException extends RuntimeException {

    public CommitOutcomeUnknownException(Throwable cause) {
        super("The commit failed without an answer from the database; the change may have been applied", cause);
    }
}
