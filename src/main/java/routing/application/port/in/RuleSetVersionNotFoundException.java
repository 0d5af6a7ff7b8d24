package routing.application.port.in;

public class RuleSetVersionNotFoundException extends RuntimeException {

    public RuleSetVersionNotFoundException(long version) {
        super("rule set version " + version + " does not exist");
    }
}
