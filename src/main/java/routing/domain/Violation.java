package routing.domain;

/** One thing wrong with a rule set: where ({@code rules[2].split[0].service}) and what. */
public record Violation(String path, String message) {
}
