package analytics.application.port.in;

/** A re-drive asked for with values out of range. */
public class InvalidRedriveRequestException extends IllegalArgumentException {

    public InvalidRedriveRequestException(String message) {
        super(message);
    }
}
