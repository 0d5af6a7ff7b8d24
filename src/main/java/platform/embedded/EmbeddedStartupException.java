package platform.embedded;

import org.jspecify.annotations.Nullable;

/**
 * An embedded server could not start for a reason the operator can fix. Carries a one-line explanation and what
 * to do about it; {@link EmbeddedStartupFailureAnalyzer} prints both instead of a stack trace.
 */
public class EmbeddedStartupException extends RuntimeException {

    private final String action;

    public EmbeddedStartupException(String description, String action, @Nullable Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    public EmbeddedStartupException(String description, String action) {
        this(description, action, null);
    }

    public String action() {
        return action;
    }
}
