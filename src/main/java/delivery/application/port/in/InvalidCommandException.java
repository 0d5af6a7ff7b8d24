package delivery.application.port.in;

import java.util.List;
import java.util.stream.Collectors;

/** A command was built from input that breaks its constraints; lists every broken one. */
public class InvalidCommandException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidCommandException(String command, List<Violation> violations) {
        super(command + " is invalid: " + violations.stream()
                .map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    public record Violation(String field, String message) {
    }
}
