package routing.adapter.in.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The rule set's version as a strong ETag, {@code "7"}, and the version an {@code If-Match} header names.
 * {@code If-Match} compares strongly (RFC 9110, 13.1.1): a weak tag never matches.
 */
final class RuleSetETags {

    private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"(\\d{1,18})\"\\s*");

    private RuleSetETags() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version the caller edited from. {@code *} means "whatever is current": the caller knowingly gives up the
     * lost-update check. A list matches if it holds the current version.
     */
    static long expectedVersion(@Nullable String ifMatch, LongSupplier current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new IfMatchRequiredException();
        }
        if (ifMatch.trim().equals("*")) {
            return current.getAsLong();
        }
        List<Long> strong = new ArrayList<>();
        boolean weak = false;
        for (String tag : ifMatch.split(",")) {
            Matcher matcher = TAG.matcher(tag);
            if (!matcher.matches()) {
                throw new MalformedIfMatchException(ifMatch);
            }
            if (matcher.group(1) != null) {
                weak = true;
            } else {
                strong.add(Long.parseLong(matcher.group(2)));
            }
        }
        if (strong.isEmpty()) {
            throw new WeakIfMatchException(ifMatch, weak);
        }
        if (strong.size() == 1) {
            return strong.getFirst();
        }
        long now = current.getAsLong();
        return strong.contains(now) ? now : strong.getFirst();
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

    static class WeakIfMatchException extends RuntimeException {
        WeakIfMatchException(String value, boolean weak) {
            super("If-Match " + value + " names only weak entity tags, which never match (RFC 9110): send the ETag "
                    + "as given, e.g. \"7\"");
        }
    }
}
