package analytics.application.port.in;

/** A query that was not run to the end; {@link #getMessage()} is DuckDB's explanation, fit to show the caller. */
public class ArchiveQueryException extends RuntimeException {

    public enum Reason {
        /** not SQL DuckDB can run: syntax, unknown column, wrong type, bad parameter */
        INVALID,
        /** not a single read-only SELECT, or it reaches outside the archive (files, extensions, databases) */
        REFUSED,
        /** it ran into the time or memory limit */
        TOO_EXPENSIVE
    }

    private final Reason reason;

    public ArchiveQueryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
