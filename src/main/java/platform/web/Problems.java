package platform.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import tools.jackson.core.JacksonException;

/** RFC 9457 problem details as every part of the API writes them: one type namespace, a title, a detail. */
public final class Problems {

    /** {@code type} of every problem this service reports, followed by the problem's name */
    public static final String TYPE_PREFIX = "urn:delivery-relay:problem:";

    private Problems() {
    }

    /** Where in a JSON body Jackson failed, as {@code ruleSet.rules[0].window}: what a caller needs to fix it. */
    public static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * A caller's value made safe to quote in a problem detail or a log line: control characters, lone surrogates
     * and other invisible code points become {@code \\uXXXX}, and long values are cut. JSON escaping alone would
     * hand the raw character back to the caller's screen or log.
     */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(value.length(), 100);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !pairedSurrogate
                    || Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > limit) {
            out.append("...");
        }
        return out.toString();
    }

    public static ProblemDetail of(HttpStatus status, String name, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + name));
        problem.setTitle(title);
        return problem;
    }
}
