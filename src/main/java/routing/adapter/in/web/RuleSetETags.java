package routing.adapter.in.web;

import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** The rule set's version as a strong ETag, {@code "7"}, and the version an {@code If-Match} header names. */
final class RuleSetETags {

    private static final Pattern VERSION = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*");

    private RuleSetETags() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /** {@code *} means "whatever is current": the caller knowingly gives up the lost-update check. */
    static long expectedVersion(@Nullable String ifMatch, LongSupplier current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new IfMatchRequiredException();
        }
        if (ifMatch.trim().equals("*")) {
            return current.getAsLong();
        }
        Matcher matcher = VERSION.matcher(ifMatch);
        if (!matcher.matches()) {
            throw new MalformedIfMatchException(ifMatch);
        }
        return Long.parseLong(matcher.group(1));
    }

    static class IfMatchRequiredException extends RuntimeException {
        IfMatchRequiredException() {
            super("Replacing the rule set needs If-Match with the version it was edited from (the ETag of GET "
                    + "/admin/routing/rule-set), so that a concurrent change is not overwritten");
        }
    }

    static class MalformedIfMatchException extends RuntimeException {
        MalformedIfMatchException(String value) {
            super("If-Match must be a rule set version as its ETag, e.g. \"7\"; got " + value);
        }
    }
}
