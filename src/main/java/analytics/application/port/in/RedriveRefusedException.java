package analytics.application.port.in;

/** A re-drive that would break the step's guarantees, or that another re-drive is running at the same time. */
public class RedriveRefusedException extends RuntimeException {

    public RedriveRefusedException(String message) {
        super(message);
    }
}
