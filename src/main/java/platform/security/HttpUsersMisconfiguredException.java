package platform.security;

/**
 * The HTTP users are missing or configured with something that is not a password hash. Reported by
 * {@link HttpUsersFailureAnalyzer} as one explanation and what to do, not a stack trace.
 */
public class HttpUsersMisconfiguredException extends RuntimeException {

    private final String action;

    HttpUsersMisconfiguredException(String description, String action) {
        super(description);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
